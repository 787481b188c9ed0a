using Kit.Research;
using Kit.Tests.Experiments;

namespace Kit.Tests.Reproduction;

/// <summary>RQ5 in results mode (`kit reproduce` without a mode flag, the notebook opened fresh): the committed results/rq5, nothing trained.</summary>
public class Rq5ResultsModeTests
{
    /// <summary>A repository root with the shipped RQ5 specs and, when asked, results/rq5 in run.sh's layout.</summary>
    static string Root(TempDir d, bool committed)
    {
        var root = d.File("repo");
        var specs = Path.Combine(root, "specs", "rq5-reduced");
        Directory.CreateDirectory(specs);
        foreach (var f in Directory.GetFiles(Path.Combine(SpecTests.RepoRoot(), "specs", "rq5-reduced"), "*.json"))
            File.Copy(f, Path.Combine(specs, Path.GetFileName(f)));
        if (committed)
        {
            var layout = Rq5SummaryTests.WriteRunLayout(d);
            Directory.CreateDirectory(Path.Combine(root, "results"));
            Directory.Move(layout, Path.Combine(root, "results", "rq5"));
            // Run.sh keeps each run's ADMM log; results mode shows it without training.
            File.WriteAllText(Path.Combine(root, "results", "rq5", "seed1", "irregular", Kit.Admm.AdmmLog.FileName),
                Kit.IO.Json.Serialize(new List<Kit.Admm.AdmmLogEntry> { new("prune admm", 1, 1, "fc1", 0.01, 0.5, 0.1, 0.08, 97.7, 11.7) }));
        }
        return root;
    }

    [Fact]
    public void Reads_the_committed_runs_and_trains_nothing()
    {
        using var d = new TempDir();
        var root = Root(d, committed: true);
        var ctx = new ReproContext(ReproMode.Results, d.File("cache")) { Threads = 1 };
        var report = Reproducer.RunRq(5, ctx, root);
        Assert.Null(report.Unavailable);
        Assert.Equal(0, ctx.Computed);
        var (robust, transfer) = Rq5Summary.LoadDirectory(Path.Combine(root, "results", "rq5"));
        Assert.Equal(robust.Count, report.Table("robustness").Rows.Count);
        Assert.Equal(transfer.Count, report.Table("transfer").Rows.Count);
        Assert.Contains(report.Notes, n => n.Contains("results/rq5") && n.Contains("2 seed folders"));
        Assert.Contains("REDUCED", report.Scale + string.Join(" ", report.Notes));
        var log = Rq5TransferRobustness.AdmmLogOf(ctx, Rq5TransferRobustness.PlanFor(ctx, root), root, "irregular");
        Assert.Equal(["fc1"], log!.Layers);
        Assert.False(Directory.Exists(d.File("cache")) && Directory.EnumerateFileSystemEntries(d.File("cache")).Any(e => !Path.GetFileName(e).StartsWith('.')));
    }

    [Fact]
    public void Without_committed_runs_it_says_what_makes_them()
    {
        using var d = new TempDir();
        var ctx = new ReproContext(ReproMode.Results, d.File("cache")) { Threads = 1 };
        var report = Reproducer.RunRq(5, ctx, Root(d, committed: false));
        Assert.NotNull(report.Unavailable);
        Assert.Contains("kit rq5 publish", report.Unavailable);
        Assert.Equal(0, ctx.Computed);
    }
}
