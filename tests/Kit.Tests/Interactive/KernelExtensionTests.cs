using System.Text.Json.Nodes;
using Kit.Interactive;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace Kit.Tests.Interactive;

/// <summary>The extension inside a real in-process kernel: cells that produce kit values show the right numbers as HTML and as text.</summary>
public class KernelExtensionTests
{
    static async Task<CompositeKernel> KernelAsync()
    {
        var cs = new CSharpKernel();
        cs.AddAssemblyReferences([typeof(KitInfo).Assembly.Location, typeof(KernelSetup).Assembly.Location,
            typeof(Microsoft.Data.Analysis.DataFrame).Assembly.Location, typeof(Plotly.NET.GenericChart).Assembly.Location]);
        var kernel = new CompositeKernel { cs };
        kernel.DefaultKernelName = cs.Name;
        await new KitKernelExtension().OnLoadAsync(kernel);
        return kernel;
    }

    /// <summary>Runs one cell in a fresh kernel with the extension loaded; the HTML and plain-text forms of its value.</summary>
    internal static async Task<(string Html, string Text)> RunAsync(string code)
    {
        using var kernel = await KernelAsync();
        var result = await kernel.SendAsync(new SubmitCode(code));
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failed is null, failed?.Message);
        var value = result.Events.OfType<ReturnValueProduced>().Single();
        string Of(string mime) => value.FormattedValues.Single(f => f.MimeType == mime).Value;
        return (Of("text/html"), Of("text/plain"));
    }

    [Fact]
    public async Task Train_metrics_show_accuracies_and_epochs()
    {
        var (html, text) = await RunAsync("""
            new Kit.Training.TrainMetrics
            {
                TestAccuracy = 98.765, TestLoss = 0.04321, ValidationAccuracy = 98.5, BestEpoch = 2, Seconds = 31.4,
                TrainImages = 12000, ValidationImages = 2000, TestImages = 10000,
                Epochs = [ new("train", 1, 0.5, 90.12, 97.25, 0.09, 0.01, 15.1), new("train", 2, 0.2, 96.5, 98.5, 0.05, 0.005, 15.3) ],
            }
            """);
        Assert.Contains("<table>", html);
        Assert.Contains("98.77", html);
        Assert.Contains("97.25", html);
        Assert.Contains("12000 / 2000 / 10000", html);
        Assert.Contains("test accuracy 98.77%", text);
        Assert.Contains("epoch   2", text);
    }

    const string ResultCode = """
        new Kit.Results.ResultSummary
        {
            DenseAccuracy = 99.17, AccuracyAfterMapping = 98.02, Accuracy = 99.05, OverallRate = 100, Bits = 4,
            Spec = System.Text.Json.Nodes.JsonNode.Parse("{\"scheme\": \"irregular\"}"),
            Layers = [
                new() { Name = "conv1", Shape = [20, 1, 5, 5], Weights = 500, Nonzero = 250, KeptRows = 20, KeptColumns = 25, Levels = 16 },
                new() { Name = "fc1", Shape = [500, 800], Weights = 400000, Nonzero = 3755, Levels = 16 },
            ],
        }
        """;

    [Fact]
    public async Task Compression_result_shows_per_layer_rates_and_totals()
    {
        var (html, text) = await RunAsync(ResultCode);
        Assert.Contains("irregular, 4-bit", html);
        Assert.Contains("<td>20x1x5x5</td>", html);
        Assert.Contains("<td>2.0x</td>", html);          // conv1 500/250
        Assert.Contains("<td>106.5x</td>", html);        // fc1 400000/3755
        Assert.Contains("<td>400,500</td><td>4,005</td><td>100.0x</td>", html); // totals
        Assert.Contains("<td>20/20</td>", html);         // kept rows of 20 filters
        Assert.Contains("accuracy 99.05%", text);
        Assert.Contains("fc1", text);
        Assert.Contains("4005/400500", text);
    }

    [Fact]
    public async Task Storage_report_shows_bits_per_format_index_bits_and_p_eq()
    {
        // 3 x 8 mask at b = 2 (hand-computed in PEqTests): dense 48, relative 21 (k = 5), csr 23, csc 30, bitmask 30, structured 23.
        var (html, text) = await RunAsync("""
            Kit.Costs.StorageAnalysis.Analyze([new Kit.Costs.CostLayer(new Kit.Costs.LayerMask("small", 3, 8, [0, 5, 23]))], 2, Kit.Costs.StorageFormats.AllNames)
            """);
        Assert.Contains("best exact format relative (21 bits, p_eq 2.3x)", html);
        Assert.Contains("<th>csr bits</th>", html);
        Assert.Contains("<td>21 (k=5)</td>", html);        // relative, with its index width
        Assert.Contains("<td>30</td>", html);              // bitmask
        Assert.Contains("csr 2.1x", html);                 // p_eq 48 / 23
        Assert.Contains("relative 21 (k=5)", text);
        Assert.Contains("dense 48", text);
    }

    [Fact]
    public async Task DataFrame_shows_units_in_headers_and_numbers_formatted_for_a_reader()
    {
        var (html, text) = await RunAsync("""
            var df = new Microsoft.Data.Analysis.DataFrame(
                new Microsoft.Data.Analysis.StringDataFrameColumn("scheme", new[] { "irregular", "column" }),
                new Microsoft.Data.Analysis.DoubleDataFrameColumn("accuracy", new double[] { 99.1666, 98.5 }),
                new Microsoft.Data.Analysis.DoubleDataFrameColumn("overall_rate", new double[] { 100.023, 4.58716 }),
                new Microsoft.Data.Analysis.DoubleDataFrameColumn("total_bits", new double[] { 1722000, 46020 }),
                new Microsoft.Data.Analysis.DoubleDataFrameColumn("bits_per_nonzero", new double[] { 6.1329849, 12.5 }));
            df
            """);
        Assert.Contains(">scheme</th>", html);
        Assert.Contains(">accuracy (%)</th>", html);
        Assert.Contains(">overall rate (x)</th>", html);
        Assert.Contains(">99.17%</td>", html);
        Assert.Contains(">100.0x</td>", html);
        Assert.Contains(">4.6x</td>", html);
        Assert.Contains(">1,722,000</td>", html);
        Assert.Contains(">6.133</td>", html);
        Assert.DoesNotContain("100.023", html);
        // A wide table scrolls inside its own box.
        Assert.Contains("overflow-x:auto", html);
        Assert.Contains("2 rows × 5 columns", html);
        Assert.Contains("irregular        99.17%", text);
    }

    [Fact]
    public async Task Compression_spec_shows_a_summary_with_the_full_json_folded_underneath()
    {
        var (html, text) = await RunAsync("""
            new Kit.Experiments.CompressionSpec
            {
                Name = "t", Seed = 3,
                Prune = new() { Scheme = Kit.Pruning.PruningSchemes.Get("filter_column"), Steps = [new() { Rate = 10 }, new() { Rate = 20 }] },
                Quantize = new() { Bits = 4 },
            }
            """);
        Assert.Contains("spec t &#183; hash", html);
        Assert.Contains(">filter_column, ADMM pruning</td>", html);
        Assert.Contains(">10x → 20x</td>", html);
        Assert.Contains(">rate steps</th>", html);
        Assert.Contains(">per-layer budget</th>", html);
        Assert.Contains(">4 (uniform)</td>", html);
        Assert.Contains(">3 (validation split seed 0)</td>", html);
        // The whole spec is there, folded: a details element holding the JSON (HTML-encoded).
        var details = html[html.IndexOf("<details>", StringComparison.Ordinal)..];
        Assert.Contains("<summary>full spec (JSON)</summary>", details);
        Assert.Contains("&quot;allocation_exponent&quot;: 0.5", details);
        Assert.DoesNotContain("allocation_exponent", html[..html.IndexOf("<details>", StringComparison.Ordinal)]);
        Assert.Contains("rate steps", text);
        Assert.Contains("10x → 20x", text);
    }

    [Fact]
    public async Task Spec_shows_fields_and_its_cache_hash()
    {
        var (html, text) = await RunAsync("new Kit.Training.TrainSpec { Model = \"lenet5\", Seed = 42 }");
        var hash = new Kit.Experiments.ExperimentCache(".").Key(new Kit.Training.TrainSpec { Model = "lenet5", Seed = 42 });
        Assert.Contains(hash[..12], html);
        Assert.Contains("<td>seed</td><td>42</td>", html);
        Assert.Contains("seed=42", text);
    }

    [Fact]
    public async Task Charts_render_offline_as_a_div_that_draws_with_inlined_plotly()
    {
        using var kernel = await KernelAsync();
        var result = await kernel.SendAsync(new SubmitCode("Kit.Charts.KitCharts.Robustness(new[] { 0.0, 0.1 }, new[] { (\"dense\", new[] { 99.0, 42.5 }) })"));
        Assert.Empty(result.Events.OfType<CommandFailed>());
        var value = result.Events.OfType<ReturnValueProduced>().Single();
        var html = value.FormattedValues.Single(f => f.MimeType == "text/html").Value;
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("42.5", html);
        Assert.DoesNotContain("require.config", html);
        Assert.Contains("dense (2 points)", value.FormattedValues.Single(f => f.MimeType == "text/plain").Value);
    }
}
