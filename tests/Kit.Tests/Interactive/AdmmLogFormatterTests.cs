using System.Text.RegularExpressions;
using Kit.Admm;

namespace Kit.Tests.Interactive;

/// <summary>An ADMM log typed into a real in-process kernel: a per-layer table and one residual/rho chart per layer, plus readable text.</summary>
public class AdmmLogFormatterTests
{
    // Two layers, two Z/U steps of one prune phase, then one step of a quantize phase for conv1.
    const string LogCode = """
        new Kit.Admm.AdmmLog(new[]
        {
            new Kit.Admm.AdmmLogEntry("prune admm", 1, 1, "conv1", 0.01, 0.5, 0.125, 0.3, 97.5, 8.1),
            new Kit.Admm.AdmmLogEntry("prune admm", 1, 1, "fc1", 0.01, 0.875, 0.25, 0.3, 97.5, 8.1),
            new Kit.Admm.AdmmLogEntry("prune admm", 2, 2, "conv1", 0.015, 0.0625, 0.03125, 0.2, 98.25, 8.0),
            new Kit.Admm.AdmmLogEntry("prune admm", 2, 2, "fc1", 0.015, 0.4375, 0.0078, 0.2, 98.25, 8.0),
            new Kit.Admm.AdmmLogEntry("quantize admm", 1, 3, "conv1", 0.02, 0.001953125, 0.5, 0.1, 98.75, 7.9),
        }, "run/admm_log.json")
        """;

    static Task<(string Html, string Text)> RunAsync(string code) => KernelExtensionTests.RunAsync(code);

    [Fact]
    public async Task Html_has_a_row_per_phase_and_layer_and_one_offline_chart_per_layer()
    {
        var (html, _) = await RunAsync(LogCode);
        Assert.Contains("2 layers, 2 phase(s) (prune admm, quantize admm), 5 entries", html);
        // phase, layer, steps, primal first, primal last, dual last, rho first, rho last, val acc last
        Assert.Contains("<td>prune admm</td><td>conv1</td><td>2</td><td>0.5</td><td>0.0625</td><td>0.03125</td><td>0.01</td><td>0.015</td><td>98.25</td>", html);
        Assert.Contains("<td>prune admm</td><td>fc1</td><td>2</td><td>0.875</td><td>0.4375</td><td>0.0078</td><td>0.01</td><td>0.015</td><td>98.25</td>", html);
        Assert.Contains("<td>quantize admm</td><td>conv1</td><td>1</td><td>0.001953</td><td>0.001953</td><td>0.5</td><td>0.02</td><td>0.02</td><td>98.75</td>", html);
        Assert.DoesNotContain("<td>quantize admm</td><td>fc1</td>", html);
        // One chart per layer, drawn with the inlined plotly.js (no CDN), carrying that layer's series.
        Assert.Equal(2, Regex.Matches(html, @"Plotly\.newPlot\(").Count);
        Assert.DoesNotContain("require.config", html);
        Assert.Contains("ADMM conv1", html);
        Assert.Contains("ADMM fc1", html);
        Assert.Contains("0.001953125", html);   // conv1's quantize-phase primal residual, in its chart's data
        Assert.Contains("0.4375", html);        // fc1's last primal residual
    }

    [Fact]
    public async Task Plain_text_is_an_aligned_per_layer_table()
    {
        var (_, text) = await RunAsync(LogCode);
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.StartsWith("ADMM log: 2 layers", lines[0]);
        Assert.Contains("admm_log.json", lines[0]);
        Assert.Matches(@"^\s+phase\s+layer\s+steps\s+primal first\s+primal last\s+dual last\s+rho first\s+rho last", lines[1]);
        Assert.Matches(@"^\s+prune admm\s+conv1\s+2\s+0\.5\s+0\.0625\s+0\.03125\s+0\.01\s+0\.015\s+98\.25$", lines[2]);
        Assert.Matches(@"^\s+prune admm\s+fc1\s+2\s+0\.875\s+0\.4375\s+0\.0078\s+0\.01\s+0\.015\s+98\.25$", lines[3]);
        Assert.Matches(@"^\s+quantize admm\s+conv1\s+1\s+0\.001953\s+0\.001953\s+0\.5\s+0\.02\s+0\.02\s+98\.75$", lines[4]);
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public void Loads_admm_log_json_from_a_run_folder_and_keeps_the_order_per_layer()
    {
        using var d = new TempDir();
        var entries = new List<AdmmLogEntry>
        {
            new("prune admm", 1, 1, "conv1", 0.01, 0.5, 0.1, 0.3, 97, 8),
            new("prune admm", 1, 1, "fc1", 0.01, 0.9, 0.2, 0.3, 97, 8),
            new("prune admm", 2, 2, "conv1", 0.015, 0.25, 0.05, 0.2, 98, 8),
        };
        File.WriteAllText(d.File("admm_log.json"), Kit.IO.Json.Serialize(entries));
        var log = AdmmLog.Load(d.Path);
        Assert.Equal(3, log.Entries.Count);
        Assert.Equal(["conv1", "fc1"], log.Layers);
        var conv1 = log.PerLayer()[0];
        Assert.Equal([0.5, 0.25], conv1.Primal);
        Assert.Equal([0.01, 0.015], conv1.Rho);
        Assert.Equal(["prune admm step 1", "prune admm step 2"], conv1.Labels);
        var missing = Assert.Throws<KitException>(() => AdmmLog.Load(d.File("nothing")));
        Assert.Contains("no ADMM log", missing.Message);
    }
}
