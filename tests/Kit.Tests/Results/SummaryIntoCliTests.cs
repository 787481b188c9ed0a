using Kit.Results;
using Kit.Tests.Costs;

namespace Kit.Tests.Results;

/// <summary>`kit results --into` and `kit bench summary --into` each fill two blocks: both are checked in every file before either is written.</summary>
[Collection(ConsoleCollection.Name)]
public class SummaryIntoCliTests
{
    static string Block(string begin, string end, string body = "old\n") => $"{begin}\n{body}{end}\n";

    [Fact]
    public void Results_into_writes_both_blocks_or_nothing()
    {
        using var dir = new TempDir();
        var results = dir.File("results");
        Directory.CreateDirectory(results);
        string half = dir.File("half.md"), full = dir.File("full.md");
        var halfText = "a\n" + Block(ResultsSummary.BeginMarker, ResultsSummary.EndMarker);
        File.WriteAllText(half, halfText);
        File.WriteAllText(full, "a\n" + Block(ResultsSummary.BeginMarker, ResultsSummary.EndMarker) + "b\n" + Block(TrainingSummary.BeginMarker, TrainingSummary.EndMarker));
        var fullText = File.ReadAllText(full);

        var (code, _, err) = CliRun.Run("results", results, "--into", full, half);
        Assert.Equal(1, code);
        Assert.Contains($"{half}: needs one '{TrainingSummary.BeginMarker}'", err);
        Assert.Equal(fullText, File.ReadAllText(full));
        Assert.Equal(halfText, File.ReadAllText(half));

        (code, _, _) = CliRun.Run("results", results, "--into", full);
        Assert.Equal(0, code);
        var text = File.ReadAllText(full);
        Assert.Equal(ResultsSummary.ToMarkdown(ResultsSummary.Summarize(results)), ResultsSummary.Quoted(text, full));
        Assert.Equal(TrainingSummary.ToMarkdown(TrainingSummary.Summarize(results)), ResultsSummary.Quoted(text, full, TrainingSummary.BeginMarker, TrainingSummary.EndMarker));
    }

    [Fact]
    public void Bench_summary_into_writes_both_blocks_or_nothing()
    {
        using var dir = new TempDir();
        var bench = dir.File("bench");
        Directory.CreateDirectory(bench);
        string half = dir.File("half.md"), full = dir.File("full.md");
        var halfText = Block(BenchSummary.BeginMarker, BenchSummary.EndMarker);
        File.WriteAllText(half, halfText);
        File.WriteAllText(full, Block(BenchSummary.BeginMarker, BenchSummary.EndMarker) + Block(SparseBenchSummary.BeginMarker, SparseBenchSummary.EndMarker));
        var fullText = File.ReadAllText(full);

        var (code, _, err) = CliRun.Run("bench", "summary", "--dir", bench, "--into", full, half);
        Assert.Equal(1, code);
        Assert.Contains($"{half}: needs one '{SparseBenchSummary.BeginMarker}'", err);
        Assert.Equal(fullText, File.ReadAllText(full));
        Assert.Equal(halfText, File.ReadAllText(half));

        (code, _, _) = CliRun.Run("bench", "summary", "--dir", bench, "--into", full);
        Assert.Equal(0, code);
        Assert.Equal(Block(BenchSummary.BeginMarker, BenchSummary.EndMarker, "No benchmark result is in `results/bench/` yet.\n")
            + Block(SparseBenchSummary.BeginMarker, SparseBenchSummary.EndMarker, "No `kit bench sparse` result is in `results/bench/` yet.\n"), File.ReadAllText(full));
    }
}
