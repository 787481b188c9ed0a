using Kit.Export;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Tests.Export;

/// <summary>
/// Row levels (docs/model-files.md, "Row levels"): a model quantized per filter is stored with one small level table
/// per row and narrow codes, loads back bit-identical in every format, and a model quantized per layer is written
/// exactly as before (no row levels). Damaged row tables are named.
/// </summary>
[Collection("torch")]
public class RowLevelsTests
{
    /// <summary>
    /// LeNet-5 whose every row holds +-q_r * {1..n} (n = 2^(b-1) magnitudes per row, one q per row), at the given
    /// density; row 1 of each layer is all pruned and row 2 only positive, so some rows use fewer magnitudes.
    /// </summary>
    static KitModel PerFilter(int seed, int bits, double density)
    {
        var model = ModelRegistry.Create("lenet5", TorchFixture.Info, seed);
        var rng = new Random(seed);
        int n = 1 << (bits - 1);
        using var _ = no_grad();
        foreach (var l in model.PrunableLayers)
        {
            var w = new float[l.Weights];
            for (int r = 0; r < l.Rows; r++)
            {
                double q = 0.001 + rng.NextDouble();
                for (int c = 0; c < l.Columns; c++)
                {
                    if (r == 1 || rng.NextDouble() >= density) continue;
                    int sign = r == 2 || rng.Next(2) == 0 ? 1 : -1;
                    w[(long)r * l.Columns + c] = (float)(sign * q * (1 + rng.Next(n)));
                }
            }
            using var t = tensor(w, l.TensorShape);
            l.Weight.copy_(t);
        }
        return model;
    }

    static ExportReport RoundTrip(KitModel model, string format, int? bits = null)
    {
        using var dir = new TempDir();
        var file = dir.File("m.kitm");
        var report = ModelFileWriter.Write(model, ExportTestModels.Info, format, bits, file);
        var (loaded, _) = ModelLoader.Load(file);
        using (loaded)
        {
            var expected = ExportTestModels.StateBits(model);
            var actual = ExportTestModels.StateBits(loaded);
            foreach (var (name, bitsOf) in expected) Assert.True(bitsOf.SequenceEqual(actual[name]), $"{format}: {name} differs");
        }
        return report;
    }

    public static TheoryData<string> Formats() => [.. LayerCodecs.Names.Where(n => !n.Contains(':'))];

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_binary_per_filter_model_loads_back_bit_identical_at_one_bit(string format)
    {
        using var model = PerFilter(seed: 4, bits: 1, density: format == "dense" || format == "structured" ? 1 : 0.3);
        var report = RoundTrip(model, format);
        Assert.Equal(1, report.Bits);
        Assert.All(report.Layers, l => Assert.Equal(1, l.RowLevels));
        // Row tables: one magnitude per row, plus the count, plus the canonical table (+-1): the documented overhead.
        foreach (var l in report.Layers)
            Assert.Equal(32L * l.Levels + 32 + 32L * l.Shape[0], l.LevelTableBits);
    }

    [Fact]
    public void A_two_bit_per_filter_model_keeps_two_magnitudes_per_row_and_rows_that_use_fewer_are_padded()
    {
        using var model = PerFilter(seed: 6, bits: 2, density: 0.5);
        var report = RoundTrip(model, "relative");
        Assert.Equal(2, report.Bits);
        Assert.All(report.Layers, l => Assert.Equal(2, l.RowLevels));
    }

    [Fact]
    public void Per_filter_codes_are_narrower_and_the_file_smaller_than_one_shared_table_allows()
    {
        using var model = PerFilter(seed: 8, bits: 1, density: 1);
        var rows = ModelFileWriter.Encode(model, ExportTestModels.Info, "dense", null).Report;
        // One shared table would need a code per distinct value: fc1's 500 rows give ~1,000 values, so 10 bits.
        var shared = ModelFileWriter.Encode(model, ExportTestModels.Info, "dense", 10);
        Assert.Equal(1, rows.Bits);
        Assert.True(rows.FileBytes * 4 < shared.Report.FileBytes, $"{rows.FileBytes} bytes with row levels vs {shared.Report.FileBytes} at b = 10");
    }

    [Fact]
    public void Per_layer_quantized_and_float_models_have_no_row_levels()
    {
        using var model = ExportTestModels.PrunedQuantized("lenet5", seed: 5, bits: 3, density: 0.05);
        var (bytes, report) = ModelFileWriter.Encode(model, ExportTestModels.Info, "relative", null);
        Assert.All(report.Layers, l => Assert.Equal(0, l.RowLevels));
        Assert.All(DocLayout.Walk(bytes).Layers, l => Assert.Equal(0, l.Flags & 4));
        // Float values: every row's magnitudes are its own values, so row tables would be no smaller than one table.
        using var floats = ExportTestModels.PrunedQuantized("lenet5", seed: 3, density: 0.005, quantized: false);
        Assert.All(ModelFileWriter.Encode(floats, ExportTestModels.Info, "relative", null).Report.Layers, l => Assert.Equal(0, l.RowLevels));
    }

    [Fact]
    public void The_documented_layout_accounts_for_every_byte_of_a_row_levels_file()
    {
        using var model = PerFilter(seed: 9, bits: 2, density: 0.2);
        var (bytes, report) = ModelFileWriter.Encode(model, ExportTestModels.Info, "csr", null);
        var layout = DocLayout.Walk(bytes);
        Assert.All(layout.Layers, l => Assert.Equal(4, l.Flags & 4));
        Assert.Equal(report.OverheadBits, layout.OverheadBits());
    }

    [Theory]
    [InlineData("descending", "row 0's levels are not strictly ascending at level 1")]
    [InlineData("negative", "row 0 level 0 is -")]
    [InlineData("canonical", "is not a row level index")]
    public void A_damaged_row_table_is_named(string damage, string message)
    {
        using var model = PerFilter(seed: 10, bits: 2, density: 0.5);
        var (bytes, _) = ModelFileWriter.Encode(model, ExportTestModels.Info, "bitmask", null);
        var l = DocLayout.Walk(bytes).Layers[0];
        int rowTable = l.RowLevelsAt + 4; // after the u32 count: row 0's magnitudes
        switch (damage)
        {
            case "descending": Array.Copy(bytes, rowTable, bytes, rowTable + 4, 4); break; // row 0's first two levels equal
            case "negative": bytes[rowTable + 3] |= 0x80; break;
            case "canonical": BitConverter.GetBytes(7.5f).CopyTo(bytes, l.RowLevelsAt - 4); break; // the canonical table's last level
        }
        DocLayout.Rehash(bytes);
        using var dir = new TempDir();
        var file = dir.File("bad.kitm");
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<KitException>(() => ModelFileReader.Decode(file));
        Assert.Contains(file, e.Message);
        Assert.Contains("layer 0", e.Message);
        Assert.Contains(message, e.Message);
    }
}
