using Kit.Research;

namespace Kit.Tests.Reproduction;

/// <summary>`kit reproduce --rq 5` end to end at tiny scale: real compression, attacks and transfer, then the same tables and charts the notebook shows.</summary>
[Collection("torch")]
public class Rq5ReproduceTests
{
    [Fact]
    public void Tiny_rq5_writes_robustness_and_transfer_tables_charts_and_findings_then_reuses_the_cache()
    {
        using var d = new TempDir();
        var outDir = d.File("out");
        string[] args = ["reproduce", "--tiny", "--rq", "5", "--no-notebooks", "--out", outDir, "--cache", d.File("cache"), "--threads", "1"];
        Assert.Equal(0, Kit.Cli.Program.BuildRoot().Parse(args).Invoke());
        foreach (var f in new[] { "attacks.csv", "robustness.csv", "robustness_summary.csv", "robustness_winners.csv", "transfer.csv", "transfer_summary.csv",
                     "transfer_winners.csv", "robustness_pgd.html", "robustness_fgsm.html", "transfer.html", "findings.md",
                     "specs/rq5-reduced-lenet5-mnist-column-10x-seed1.json", "specs/rq5-reduced-transfer-mnist-to-fashion-mnist-irregular-10x.json" })
            Assert.True(File.Exists(Path.Combine(outDir, "rq5", f)), $"missing rq5/{f}");

        // Tiny plan: one seed, 4 models x (clean + 2 PGD eps + 2 FGSM eps), 3 structures x 3 transfer modes.
        var robust = File.ReadAllLines(Path.Combine(outDir, "rq5", "robustness.csv"));
        Assert.Equal(1 + 4 * 5, robust.Length);
        Assert.Equal(1 + 9, File.ReadAllLines(Path.Combine(outDir, "rq5", "transfer.csv")).Length);
        var findings = File.ReadAllText(Path.Combine(outDir, "rq5", "findings.md"));
        Assert.Contains("one seed: no winner claimed", findings);
        Assert.Contains("pruned minus dense start", findings);
        Assert.DoesNotContain(d.Path, findings);
        var page = File.ReadAllText(Path.Combine(outDir, "rq5", "robustness_pgd.html"));
        Assert.Contains("Plotly.newPlot", page);
        Assert.DoesNotContain("<script src=", page);

        // The notebook's context on the same cache computes nothing: every run and attack is reused.
        var ctx = new ReproContext(ReproMode.Tiny, d.File("cache")) { Threads = 1 };
        var root = Path.GetDirectoryName(Kit.Notebooks.NotebookRunner.FindNotebooksDir())!;
        var report = Rq5TransferRobustness.Run(ctx, root);
        Assert.Equal(0, ctx.Computed);
        Assert.Equal(robust.Length - 1, report.Table("robustness").Rows.Count);
        var plan = Rq5TransferRobustness.PlanFor(ctx, root);
        var log = Rq5TransferRobustness.AdmmLogOf(ctx, plan, root, "irregular");
        Assert.NotNull(log);
        Assert.Contains("fc1", log!.Layers);
    }
}
