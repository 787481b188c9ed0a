using Kit.Mutation;
using Kit.Results;
using Kit.Tests.Costs;

namespace Kit.Tests.Mutation;

/// <summary>`kit mutation summary`: the score table is rendered from results/mutation/*.json and says when a folder's sources moved on.</summary>
[Collection(ConsoleCollection.Name)]
public class MutationScoreTableTests
{
    const string Header = "| folder | run date | commit | wall time | Stryker.NET | mutants tested | killed | timeout | survived | no coverage | score | not counted (compile or runtime error / ignored) | source changed since the run |";

    static string Results(HandMadeReport r)
    {
        var dir = Path.Combine(r.Repo, "results", "mutation");
        MutationResults.Write(MutationImport.FromFile(r.ReportFile, new("Costs", "abc1234", "2026-12-01", 3665, r.Repo, "5.1.0")), Path.Combine(dir, "Costs.json"));
        return dir;
    }

    static string Row(string drift) => $"| `src/Kit/Costs` | 2026-12-01 | abc1234 | 1 h 1 min 5 s | 5.1.0 | 9 | 4 | 1 | 3 | 1 | **55.6%** | 2 / 3 | {drift} |";

    [Fact]
    public void A_row_holds_the_runs_counts_and_score()
    {
        using var r = new HandMadeReport();
        var lines = MutationScoreTable.ToMarkdown(Results(r), r.Repo).Split('\n');
        Assert.Equal(Header, lines[2]);
        // 5 detected of 9 tested = 55.6%; compile errors 2 (1 inside the folder, 1 outside), ignored 3.
        Assert.Equal(Row("no"), lines[4]);
        Assert.Equal("", lines[5]);
    }

    [Fact]
    public void Changed_added_and_removed_sources_show_in_the_last_column()
    {
        using var r = new HandMadeReport();
        var dir = Results(r);
        string Drift() => MutationScoreTable.ToMarkdown(dir, r.Repo).Split('\n')[4];

        r.WriteSource("Costs/Sub/B.cs", HandMadeReport.SourceB + "// edited\n");
        Assert.Equal(Row("yes: 1 of 2 files changed"), Drift());
        r.WriteSource("Costs/New.cs", "class N { }\n");
        Assert.Equal(Row("yes: 1 of 2 files changed, 1 added"), Drift());
        File.Delete(r.Key("Costs/A.cs"));
        Assert.Equal(Row("yes: 1 of 2 files changed, 1 added, 1 removed"), Drift());
        File.Delete(r.Key("Costs/New.cs"));
        r.WriteSource("Costs/A.cs", HandMadeReport.SourceA);
        r.WriteSource("Costs/Sub/B.cs", HandMadeReport.SourceB);
        // Files outside the folder are not its sources.
        r.WriteSource("Other/C.cs", "changed");
        Assert.Equal(Row("no"), Drift());
    }

    [Fact]
    public void Rows_follow_the_file_names_and_an_empty_folder_says_so()
    {
        using var r = new HandMadeReport();
        var dir = Results(r);
        File.Copy(Path.Combine(dir, "Costs.json"), Path.Combine(dir, "A-copy.json"));
        var md = MutationScoreTable.ToMarkdown(dir, r.Repo);
        Assert.Equal(md, MutationScoreTable.ToMarkdown(dir, r.Repo));
        Assert.Equal([Row("no"), Row("no")], md.Split('\n')[4..6]);
        using var empty = new TempDir();
        Assert.Equal("No mutation run is in `results/mutation/` yet.\n", MutationScoreTable.ToMarkdown(empty.File("none"), empty.Path));
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(60, "1 min 0 s")]
    [InlineData(38 * 60 + 15, "38 min 15 s")]
    [InlineData(3600, "1 h 0 min 0 s")]
    [InlineData(2 * 3600 + 3 * 60 + 4, "2 h 3 min 4 s")]
    public void Durations_read_as_the_run_logs_write_them(int seconds, string text) => Assert.Equal(text, MutationScoreTable.Duration(seconds));

    [Fact]
    public void Into_rewrites_the_block_or_nothing()
    {
        using var r = new HandMadeReport();
        var dir = Results(r);
        string good = Path.Combine(r.Repo, "good.md"), bad = Path.Combine(r.Repo, "bad.md");
        var goodText = $"intro\n{Kit.Docs.GeneratedBlocks.Markers("mutation summary").Begin}\nold\n{Kit.Docs.GeneratedBlocks.Markers("mutation summary").End}\nafter\n";
        File.WriteAllText(good, goodText);
        File.WriteAllText(bad, "no markers\n");

        var (code, _, err) = CliRun.Run("mutation", "summary", "--dir", dir, "--repo-root", r.Repo, "--into", good, bad);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}: needs one '{Kit.Docs.GeneratedBlocks.Markers("mutation summary").Begin}'", err);
        Assert.Equal(goodText, File.ReadAllText(good));

        (code, _, _) = CliRun.Run("mutation", "summary", "--dir", dir, "--repo-root", r.Repo, "--into", good);
        Assert.Equal(0, code);
        Assert.Equal($"intro\n{Kit.Docs.GeneratedBlocks.Markers("mutation summary").Begin}\n{MutationScoreTable.ToMarkdown(dir, r.Repo)}{Kit.Docs.GeneratedBlocks.Markers("mutation summary").End}\nafter\n", File.ReadAllText(good));
    }
}
