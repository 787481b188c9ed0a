using System.Text.Json.Nodes;
using Kit.Experiments;

namespace Kit.Tests.Resilience;

/// <summary>A sweep run with --quick (or a sweep file marked quick) records its results as smoke runs: merged tables must not present them as full scale.</summary>
[Collection("torch")]
public class SweepQuickModeTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Quick_sweeps_write_quick_results(bool quickOption, bool quickFile)
    {
        using var d = new TempDir();
        TinyRuns.Write(d.File("base.json"), TinyRuns.Compress with { Quantize = null });
        File.WriteAllText(d.File("sweep.json"), $$"""{ "name": "q", "quick": {{(quickFile ? "true" : "false")}}, "specs": ["base.json"] }""");
        var entries = Sweep.Load(d.File("sweep.json"), quickOption);
        Assert.All(entries, e => Assert.True(e.Quick));
        var outcomes = SweepRunner.Run(entries, 0, 1, d.File("out"));
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outcomes.Single().Dir, "result.json")))!;
        Assert.True(result["quick"]!.GetValue<bool>());
        Assert.Equal(entries.Single().SpecSha256, result["spec_sha256"]!.GetValue<string>());
    }
}
