using Kit.Results;
using Microsoft.Data.Analysis;

namespace Kit.Tests.Results;

public class ResultTableTests
{
    static string ResultJson(string scheme, int seed, double acc, double rate, int bits, int nz1, int nz2) => $$"""
        {
          "dense_accuracy": 99.1, "accuracy_after_mapping": {{acc - 1}}, "accuracy": {{acc}},
          "overall_rate": {{rate}}, "bits": {{bits}}, "seconds": 12.5,
          "layers": [
            { "name": "conv1", "shape": [20, 1, 5, 5], "weights": 500, "nonzero": {{nz1}}, "kept_rows": 20, "kept_columns": 25, "levels": 8 },
            { "name": "fc1", "shape": [500, 800], "weights": 400000, "nonzero": {{nz2}}, "kept_rows": null, "kept_columns": null, "levels": 8 }
          ],
          "spec": { "scheme": "{{scheme}}", "seed": {{seed}}, "admm": { "rho": 0.001 } }
        }
        """;

    static TempDir Tree()
    {
        var d = new TempDir();
        Directory.CreateDirectory(d.File("b/irr"));
        Directory.CreateDirectory(d.File("a/col"));
        Directory.CreateDirectory(d.File(".tmp/x"));
        File.WriteAllText(d.File("b/irr/result.json"), ResultJson("irregular", 2, 98.5, 100, 4, 250, 4000));
        File.WriteAllText(d.File("a/col/result.json"), ResultJson("column", 1, 97.25, 20, 8, 100, 20000));
        // Unpublished work in a dot folder must not show up as a result.
        File.WriteAllText(d.File(".tmp/x/result.json"), ResultJson("filter", 3, 10, 1, 1, 1, 1));
        File.WriteAllText(d.File("a/metrics.json"), """{ "kit_version": "0.1.0", "test_accuracy": 98.4, "epochs": [{"epoch": 1}], "spec": { "model": "lenet5", "seed": 7 } }""");
        return d;
    }

    [Fact]
    public void Load_flattens_scalars_and_nested_spec_with_a_source_per_row()
    {
        using var d = Tree();
        var df = ResultTable.Load(d.Path);
        Assert.Equal(3, df.Rows.Count);
        // Sorted by relative path, '/' separated.
        Assert.Equal(["a/col/result.json", "a/metrics.json", "b/irr/result.json"], Enumerable.Range(0, 3).Select(i => (string)df["source"][i]));
        Assert.Equal("column", df["spec.scheme"][0]);
        Assert.Equal(1.0, df["spec.seed"][0]);
        Assert.Equal(0.001, df["spec.admm.rho"][2]);
        Assert.Equal(98.5, df["accuracy"][2]);
        Assert.Equal(4.0, df["bits"][2]);
        Assert.Null(df["accuracy"][1]);          // metrics.json has no accuracy
        Assert.Equal(98.4, df["test_accuracy"][1]);
        Assert.Equal("lenet5", df["spec.model"][1]);
        Assert.IsType<DoubleDataFrameColumn>(df["overall_rate"]);
        Assert.IsType<StringDataFrameColumn>(df["spec.scheme"]);
        Assert.DoesNotContain(df.Columns, c => c.Name.StartsWith("layers") || c.Name.StartsWith("epochs"));
    }

    [Fact]
    public void Load_with_a_file_name_reads_only_those_files()
    {
        using var d = Tree();
        var df = ResultTable.Load(d.Path, "metrics.json");
        Assert.Equal(1, df.Rows.Count);
        Assert.Equal("metrics.json", df["file"][0]);
    }

    [Fact]
    public void LoadLayers_gives_one_row_per_layer_with_rate_and_parent_spec()
    {
        using var d = Tree();
        var df = ResultTable.LoadLayers(d.Path);
        Assert.Equal(4, df.Rows.Count);
        Assert.Equal("a/col/result.json", df["source"][0]);
        Assert.Equal("conv1", df["name"][0]);
        Assert.Equal("20x1x5x5", df["shape"][0]);
        Assert.Equal(5.0, df["rate"][0]);                  // 500 / 100
        Assert.Equal(100.0, df["rate"][3]);                // 400000 / 4000
        Assert.Equal(1.0, df["layer"][3]);
        Assert.Null(df["kept_rows"][1]);
        Assert.Equal("irregular", df["spec.scheme"][3]);
        Assert.Equal(4.0, df["bits"][3]);
    }

    [Fact]
    public void Typed_results_round_trip_and_sum_layers()
    {
        using var d = Tree();
        var all = ResultTable.LoadCompressionResults(d.Path);
        Assert.Equal(2, all.Count);
        var (src, r) = all[1];
        Assert.Equal("b/irr/result.json", src);
        Assert.Equal(400500, r.TotalWeights);
        Assert.Equal(4250, r.TotalNonzero);
        Assert.Equal(400500.0 / 4250, r.LayerRate, 9);
        Assert.Equal("irregular", (string)r.Spec!["scheme"]!);
        var layers = ResultTable.Layers(r, src);
        Assert.Equal(2, layers.Rows.Count);
        Assert.Equal("500x800", layers["shape"][1]);
        // Derived properties are not written back into result files.
        Assert.DoesNotContain("layer_rate", Kit.IO.Json.Serialize(r));
    }

    [Fact]
    public void Corrupt_file_is_an_error_naming_it()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d.File("x"));
        File.WriteAllText(d.File("x/result.json"), "{ not json");
        var e = Assert.Throws<KitException>(() => ResultTable.Load(d.Path));
        Assert.StartsWith("x/result.json", e.Message);
    }

    [Fact]
    public void Empty_folder_gives_an_empty_frame_and_missing_folder_an_error()
    {
        using var d = new TempDir();
        Assert.Equal(0, ResultTable.Load(d.Path).Rows.Count);
        Assert.Throws<KitException>(() => ResultTable.Load(d.File("nope")));
    }

    [Fact]
    public void Csv_is_invariant_quoted_and_keeps_nulls_empty()
    {
        var df = ResultTable.FromRows([
            new Dictionary<string, object?> { ["name"] = "a,b", ["x"] = 0.1, ["ok"] = true },
            new Dictionary<string, object?> { ["name"] = "say \"hi\"", ["x"] = null, ["ok"] = false },
        ]);
        var prev = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("name,x,ok\n\"a,b\",0.1,true\n\"say \"\"hi\"\"\",,false\n", Csv.ToCsv(df));
        }
        finally { Thread.CurrentThread.CurrentCulture = prev; }
        using var d = new TempDir();
        Csv.Save(df, d.File("out/t.csv"));
        Assert.StartsWith("name,x,ok\n", File.ReadAllText(d.File("out/t.csv")));
    }
}
