using System.Text.Json.Nodes;
using Kit.Charts;
using Kit.Results;

namespace Kit.Tests.Charts;

public class ChartTests
{
    [Fact]
    public void Pareto_front_keeps_only_non_dominated_points_sorted_by_rate()
    {
        double[] rate = [10, 20, 20, 50, 100, 30];
        double[] acc = [99.0, 98.0, 98.5, 97.0, 90.0, 96.0];
        Assert.Equal([0, 2, 3, 4], Pareto2D.Front(rate, acc));
        Assert.Empty(Pareto2D.Front([], []));
        Assert.Empty(Pareto2D.Front([double.NaN, 5], [1, double.NaN]));
    }

    [Fact]
    public void Crossing_interpolates_the_first_drop_below_the_level()
    {
        Assert.Equal(15.0, KitCharts.Crossing([10, 20, 40], [3, 1, 0.5], 2)!.Value, 9);
        Assert.Null(KitCharts.Crossing([10, 20], [3, 2.5], 2));
        Assert.Equal(10.0, KitCharts.Crossing([10, 20], [1, 0.5], 2));
    }

    [Fact]
    public void Chart_json_carries_the_data_and_titles()
    {
        var chart = KitCharts.Pareto(["irregular 4-bit", "irregular 4-bit", "column 4-bit"], [10.0, 40.0, 8.0], [99.0, 98.5, 98.9]);
        var fig = JsonNode.Parse(ChartPage.ToJson(chart))!;
        var data = fig["data"]!.AsArray();
        Assert.Contains(data, t => (string?)t!["name"] == "irregular 4-bit" && t["x"]!.AsArray().Select(v => (double)v!).SequenceEqual([10.0, 40.0]));
        Assert.Contains(data, t => (string?)t!["name"] == "irregular 4-bit front");
        Assert.Contains("Accuracy vs compression rate", fig["layout"]!.ToJsonString());
        Assert.Equal("log", (string?)fig["layout"]!["xaxis"]!["type"]);
    }

    [Fact]
    public void Pareto_from_a_table_groups_by_scheme_and_bits_and_labels_sources()
    {
        var df = ResultTable.FromRows([
            new Dictionary<string, object?> { ["source"] = "r1/result.json", ["overall_rate"] = 10.0, ["accuracy"] = 99.0, ["spec.scheme"] = "irregular", ["bits"] = 4.0 },
            new Dictionary<string, object?> { ["source"] = "r2/result.json", ["overall_rate"] = 5.0, ["accuracy"] = 98.0, ["spec.scheme"] = "filter", ["bits"] = 4.0 },
        ]);
        var json = ChartPage.ToJson(KitCharts.Pareto(df));
        Assert.Contains("irregular 4-bit", json);
        Assert.Contains("filter 4-bit", json);
        Assert.Contains("r2/result.json", json);
    }

    [Fact]
    public void Every_chart_kind_builds_and_mismatched_lengths_are_rejected()
    {
        var charts = new[]
        {
            KitCharts.StorageBreakdown(["csr", "bitmask"], [("values", [400.0, 400]), ("index", [1000.0, 4000])]),
            KitCharts.BreakEven([1, 10, 100], [("csr", [5.0, 0.8, 0.1])], 1.0),
            KitCharts.AdmmResiduals([("conv1", [0.5, 0.1, 0.01]), ("fc1", [0.4, 0.2, 0.05])], rho: [0.001, 0.0013, 0.0017]),
            KitCharts.Robustness([0, 0.1, 0.3], [("dense", [99.0, 80, 10]), ("irregular", [99.0, 85, 20])]),
            KitCharts.Transfer(["dense", "irregular"], [("frozen", [90.0, 88]), ("re-pruned", [91.0, 89])]),
        };
        foreach (var c in charts) Assert.NotEmpty(JsonNode.Parse(ChartPage.ToJson(c))!["data"]!.AsArray());
        Assert.Contains("break-even", ChartPage.ToJson(charts[1]));
        Assert.Throws<ArgumentException>(() => KitCharts.Robustness([0, 0.1], [("dense", [99.0])]));
    }

    [Fact]
    public void Offline_page_inlines_plotly_and_draws_each_chart()
    {
        using var d = new TempDir();
        var chart = KitCharts.Robustness([0, 0.1], [("dense", [99.0, 50.0])], title: "t </script> x");
        ChartPage.Write(d.File("c/page.html"), "Robustness", chart, chart);
        var html = File.ReadAllText(d.File("c/page.html"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", ChartPage.PlotlyVersion);
        Assert.Contains(ChartPage.PlotlyJs[..200], html);
        // Nothing is fetched: no external script or require.js (plotly.js itself mentions its CDN as a default setting).
        Assert.DoesNotContain("<script src=", html);
        Assert.DoesNotContain("require.config", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "Plotly.newPlot\\('chart").Count);
        // A title containing a closing script tag must not end the script element.
        Assert.DoesNotContain("t </script> x", html);
    }

    [Fact]
    public void Index_page_links_charts_and_tables_relatively()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d.File("rq1"));
        File.WriteAllText(d.File("rq1/storage.csv"), "a\n1\n");
        File.WriteAllText(d.File("rq1/pareto chart.html"), "<html></html>");
        File.WriteAllText(d.File("notes.txt"), "x");
        var entries = IndexPage.WriteFor(d.Path, "RQ artifacts");
        Assert.Equal(["rq1/pareto chart.html", "rq1/storage.csv"], entries.Select(e => e.Path));
        var html = File.ReadAllText(d.File("index.html"));
        Assert.Contains("href=\"rq1/pareto%20chart.html\"", html);
        Assert.Contains("href=\"rq1/storage.csv\"", html);
        Assert.DoesNotContain("notes.txt", html);
    }

    [Fact]
    public void Bar_charts_keep_a_category_x_axis_and_admm_layer_charts_carry_all_three_series()
    {
        // A forced "linear" x axis type leaves category bars undrawn (seen in the RQ5 transfer page).
        var bars = JsonNode.Parse(ChartPage.ToJson(KitCharts.Transfer(["irregular", "column"], [("frozen", [80.25, 78.8])])))!;
        Assert.NotEqual("linear", bars["layout"]?["xaxis"]?["type"]?.ToString());
        Assert.Equal("irregular", bars["data"]![0]!["x"]![0]!.ToString());

        var admm = JsonNode.Parse(ChartPage.ToJson(KitCharts.AdmmLayer("fc1", [0.9, 0.5], [0.2, 0.1], [0.01, 0.015], ["prune admm step 1", "prune admm step 2"], 280)))!;
        Assert.Equal(["primal", "dual", "rho"], admm["data"]!.AsArray().Select(t => t!["name"]!.ToString()));
        Assert.Equal("log", admm["layout"]!["yaxis"]!["type"]!.ToString());
        Assert.Equal(280, admm["layout"]!["height"]!.GetValue<int>());
        Assert.Throws<ArgumentException>(() => KitCharts.AdmmLayer("x", [1.0], [1.0, 2.0], [1.0]));
        // The page's div takes the figure's own height instead of a fixed one the plot would overflow.
        Assert.Contains("el.style.height = fig.layout.height", ChartPage.Div(KitCharts.AdmmLayer("fc1", [0.9], [0.2], [0.01])));
    }

    [Fact]
    public void Error_bars_carry_their_lengths_per_point_and_nan_means_no_bar()
    {
        var lines = JsonNode.Parse(ChartPage.ToJson(KitCharts.Robustness([0, 0.1], [("dense", [99.0, 60.0]), ("irregular", [98.0, 62.0])], "t",
            [[0.5, 1.25], [double.NaN, 0.75]])))!;
        var dense = lines["data"]![0]!["error_y"]!;
        Assert.Equal("data", dense["type"]!.ToString());
        Assert.Equal([0.5, 1.25], dense["array"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Null(lines["data"]![1]!["error_y"]!["array"]![0]);
        Assert.Equal(0.75, lines["data"]![1]!["error_y"]!["array"]![1]!.GetValue<double>());

        var bars = JsonNode.Parse(ChartPage.ToJson(KitCharts.Transfer(["irregular", "column"], [("frozen", [80.0, 78.0])], "t", [[0.3, 0.4]])))!;
        Assert.Equal([0.3, 0.4], bars["data"]![0]!["error_y"]!["array"]!.AsArray().Select(v => v!.GetValue<double>()));
        // Without errors, or with only NaN, no error_y at all.
        Assert.Null(JsonNode.Parse(ChartPage.ToJson(KitCharts.Transfer(["a"], [("x", [1.0])], "t", [[double.NaN]])))!["data"]![0]!["error_y"]);
        Assert.Throws<ArgumentException>(() => KitCharts.Robustness([0, 0.1], [("dense", [99.0, 60.0])], "t", [[0.5]]));
    }
}
