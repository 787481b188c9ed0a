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

    [Fact]
    public void Merging_a_quick_sweep_without_quick_says_why_every_entry_is_missing()
    {
        using var d = new TempDir();
        TinyRuns.Write(d.File("base.json"), TinyRuns.Compress with { Quantize = null });
        File.WriteAllText(d.File("sweep.json"), """{ "name": "q", "specs": ["base.json"] }""");
        SweepRunner.Run(Sweep.Load(d.File("sweep.json"), quick: true), 0, 1, d.File("out"));

        var (code, stdout, stderr) = CliRun.Run("merge", d.File("out"), "--sweep", d.File("sweep.json"), "--out", d.File("t.csv"));
        Assert.Equal(0, code);
        Assert.Contains("1 experiments, 0 duplicated, 1 missing", stdout);
        Assert.Contains("hint: 1 of the 1 entries have results of a quick run", stderr);

        (code, stdout, stderr) = CliRun.Run("merge", d.File("out"), "--sweep", d.File("sweep.json"), "--quick", "--out", d.File("t.csv"), "--require-complete");
        Assert.True(code == 0, stderr);
        Assert.Contains("1 experiments, 0 duplicated, 0 missing", stdout);
        Assert.DoesNotContain("hint:", stderr);
    }
}
