using Kit.Docs;
using Kit.Results;
using Kit.Tests.Costs;

namespace Kit.Tests.Results;

/// <summary>`kit results --into` and `kit bench summary --into` each fill two blocks: both are checked in every file before either is written.</summary>
[Collection(ConsoleCollection.Name)]
public class SummaryIntoCliTests
{
    static string Block(string kind, string body = "old\n") => $"{GeneratedBlocks.Markers(kind).Begin}\n{body}{GeneratedBlocks.Markers(kind).End}\n";

    [Fact]
    public void Results_into_writes_both_blocks_or_nothing()
    {
        using var dir = new TempDir();
        var results = dir.File("results");
        Directory.CreateDirectory(results);
        string half = dir.File("half.md"), full = dir.File("full.md");
        var halfText = "a\n" + Block("results");
        File.WriteAllText(half, halfText);
        File.WriteAllText(full, "a\n" + Block("results") + "b\n" + Block("results training"));
        var fullText = File.ReadAllText(full);

        var (code, _, err) = CliRun.Run("results", results, "--into", full, half);
        Assert.Equal(1, code);
        Assert.Contains($"{half}: needs one '{GeneratedBlocks.Markers("results training").Begin}'", err);
        Assert.Equal(fullText, File.ReadAllText(full));
        Assert.Equal(halfText, File.ReadAllText(half));

        (code, _, _) = CliRun.Run("results", results, "--into", full);
        Assert.Equal(0, code);
        var text = File.ReadAllText(full);
        Assert.Equal(ResultsSummary.ToMarkdown(ResultsSummary.Summarize(results)), GeneratedBlocks.Markers("results").Quoted(text, full));
        Assert.Equal(TrainingSummary.ToMarkdown(TrainingSummary.Summarize(results)), GeneratedBlocks.Markers("results training").Quoted(text, full));
    }

    [Fact]
    public void Bench_summary_into_writes_both_blocks_or_nothing()
    {
        using var dir = new TempDir();
        var bench = dir.File("bench");
        Directory.CreateDirectory(bench);
        string half = dir.File("half.md"), full = dir.File("full.md");
        var halfText = Block("bench summary");
        File.WriteAllText(half, halfText);
        File.WriteAllText(full, Block("bench summary") + Block("bench summary sparse"));
        var fullText = File.ReadAllText(full);

        var (code, _, err) = CliRun.Run("bench", "summary", "--dir", bench, "--into", full, half);
        Assert.Equal(1, code);
        Assert.Contains($"{half}: needs one '{GeneratedBlocks.Markers("bench summary sparse").Begin}'", err);
        Assert.Equal(fullText, File.ReadAllText(full));
        Assert.Equal(halfText, File.ReadAllText(half));

        (code, _, _) = CliRun.Run("bench", "summary", "--dir", bench, "--into", full);
        Assert.Equal(0, code);
        Assert.Equal(Block("bench summary", "No benchmark result is in `results/bench/` yet.\n")
            + Block("bench summary sparse", "No `kit bench sparse` result is in `results/bench/` yet.\n"), File.ReadAllText(full));
    }
}
