using Kit.Experiments;
using Kit.Research;
using Kit.IO;
using Kit.Robustness;
using Kit.Transfer;

namespace Kit.Tests.Reproduction;

/// <summary>RQ5 tables from small synthetic attack and transfer documents laid out as specs/rq5-reduced/run.sh writes them.</summary>
public class Rq5SummaryTests
{
    static AttackReport Report(AttackKind kind, double clean, params (double Eps, double Acc)[] points) => new()
    {
        Attack = new AttackSettings { Kind = kind, Steps = kind == AttackKind.Pgd ? 40 : 1 },
        TestImages = 1000, CleanAccuracy = clean, Points = points.Select(p => new AttackPoint(p.Eps, p.Acc)).ToList(),
    };

    /// <summary>
    /// Two seeds. PGD 0.1: irregular 60/62, column 50/54, filter_column 58/57, dense 55/55 (irregular best in both seeds).
    /// FGSM 0.1: irregular 70/60, column 66/62, filter_column 50/50 (irregular best on average, not in seed 2).
    /// PGD 0.3 only in seed 1. FGSM at eps 0 repeats clean and must not become a column.
    /// </summary>
    internal static string WriteRunLayout(TempDir d)
    {
        var root = d.File("rq5");
        var data = new Dictionary<string, (double Rate, double[] Clean, double[] Pgd1, double[] Fgsm1)>
        {
            ["dense"] = (1, [96, 97], [55, 55], [65, 65]),
            ["irregular"] = (10, [97, 98], [60, 62], [70, 60]),
            ["column"] = (10.06, [95, 96], [50, 54], [66, 62]),
            ["filter_column"] = (10.01, [96, 96], [58, 57], [50, 50]),
        };
        for (int seed = 1; seed <= 2; seed++)
        {
            var sd = Path.Combine(root, $"seed{seed}");
            Directory.CreateDirectory(sd);
            foreach (var (model, v) in data)
            {
                var tag = model == "dense" ? "irregular-dense" : model + "-model";
                if (model != "dense")
                {
                    Directory.CreateDirectory(Path.Combine(sd, model));
                    File.WriteAllText(Path.Combine(sd, model, "result.json"), Json.Serialize(new CompressionResult { OverallRate = v.Rate }));
                }
                var pgd = seed == 1 ? Report(AttackKind.Pgd, v.Clean[0], (0.1, v.Pgd1[0]), (0.3, 1.0)) : Report(AttackKind.Pgd, v.Clean[1], (0.1, v.Pgd1[1]));
                File.WriteAllText(Path.Combine(sd, $"attack-pgd-{tag}.json"), Json.Serialize(pgd));
                File.WriteAllText(Path.Combine(sd, $"attack-fgsm-{tag}.json"), Json.Serialize(Report(AttackKind.Fgsm, v.Clean[seed - 1], (0, v.Clean[seed - 1]), (0.1, v.Fgsm1[seed - 1]))));
            }
        }
        foreach (var (structure, frozen, readmm) in new[] { ("irregular", 80.25, 85.0), ("column", 78.8, 82.65), ("filter_column", 80.4, 84.05) })
        {
            var dir = Path.Combine(root, "transfer", structure);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "result.json"), Json.Serialize(new TransferResult
            {
                Spec = new TransferSpec { Source = new CompressionSpec { Seed = 1 } },
                Source = new TransferSourceResult { Dataset = "mnist", Scheme = structure, Accuracy = 96, Rate = 10 },
                TargetDataset = "fashion-mnist", TargetTestImages = 2000,
                Modes =
                [
                    new TransferModeResult { Mode = TransferMode.Frozen, TargetAccuracy = frozen, Rate = 10, Bits = 32 },
                    new TransferModeResult { Mode = TransferMode.Readmm, TargetAccuracy = readmm, Rate = 10, Bits = 32 },
                    new TransferModeResult { Mode = TransferMode.Dense, TargetAccuracy = 84.45, Rate = 1, Bits = 32 },
                ],
            }));
        }
        return root;
    }

    [Fact]
    public void Seed_folders_under_a_dataset_folder_form_their_own_setting()
    {
        using var d = new TempDir();
        var root = WriteRunLayout(d);
        var fashion = Path.Combine(root, "fashion-mnist");
        foreach (var seed in new[] { "seed1", "seed2" })
            CopyTree(Path.Combine(root, seed), Path.Combine(fashion, seed));
        // Lower every Fashion-MNIST number so that pooling the datasets would change the means.
        foreach (var f in Directory.GetFiles(fashion, "attack-*.json", SearchOption.AllDirectories))
        {
            var r = AttackReport.Read(f);
            File.WriteAllText(f, Json.Serialize(r with { CleanAccuracy = r.CleanAccuracy - 10 }));
        }
        var (robust, _) = Rq5Summary.LoadDirectory(root);
        Assert.Equal(["fashion-mnist standard", "standard"], robust.Select(r => r.Setting).Distinct().Order(StringComparer.Ordinal));
        var cells = Rq5Summary.Summarize(robust);
        double Clean(string setting) => cells.Single(c => c.Setting == setting && c.Model == "irregular" && c.Column == "clean").Mean;
        Assert.Equal(97.5, Clean("standard"), 6);
        Assert.Equal(87.5, Clean("fashion-mnist standard"), 6);
    }

    static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var sub in Directory.GetDirectories(from)) CopyTree(sub, Path.Combine(to, Path.GetFileName(sub)));
    }

    [Fact]
    public void Loads_the_run_layout_into_one_record_per_model_seed_and_column()
    {
        using var d = new TempDir();
        var (robust, transfer) = Rq5Summary.LoadDirectory(WriteRunLayout(d));
        Assert.All(robust, r => Assert.Equal("standard", r.Setting));
        // 4 models x 2 seeds x (clean, PGD 0.1, FGSM 0.1) + PGD 0.3 for 4 models in seed 1; FGSM eps 0 dropped.
        Assert.Equal(4 * 2 * 3 + 4, robust.Count);
        Assert.Equal(["clean", "PGD 0.1", "PGD 0.3", "FGSM 0.1"], Rq5Summary.Columns(robust));
        Assert.Equal(10.06, robust.First(r => r.Model == "column").Rate);
        Assert.Equal(9, transfer.Count);
        Assert.All(transfer, t => Assert.Equal("mnist -> fashion-mnist", t.Pair));
    }

    [Fact]
    public void Means_and_sample_sd_over_seeds()
    {
        using var d = new TempDir();
        var (robust, _) = Rq5Summary.LoadDirectory(WriteRunLayout(d));
        var cells = Rq5Summary.Summarize(robust);
        SummaryCell C(string m, string col) => cells.Single(c => c.Model == m && c.Column == col);
        Assert.Equal(61, C("irregular", "PGD 0.1").Mean, 10);
        Assert.Equal(Math.Sqrt(2), C("irregular", "PGD 0.1").Sd!.Value, 10);
        Assert.Equal(52, C("column", "PGD 0.1").Mean, 10);
        Assert.Equal(Math.Sqrt(8), C("column", "PGD 0.1").Sd!.Value, 10);
        Assert.Equal(97.5, C("irregular", "clean").Mean, 10);
        Assert.Equal(2, C("irregular", "clean").Seeds);
        // One seed: a mean without sd.
        Assert.Equal(1, C("dense", "PGD 0.3").Seeds);
        Assert.Null(C("dense", "PGD 0.3").Sd);
        Assert.Equal(["dense", "irregular", "column", "filter_column"], cells.Select(c => c.Model).Distinct());
    }

    [Fact]
    public void Winner_needs_every_seed_to_be_claimed()
    {
        using var d = new TempDir();
        var (robust, transfer) = Rq5Summary.LoadDirectory(WriteRunLayout(d));
        var winners = Rq5Summary.Winners(robust);
        // Dense is a reference, never a candidate.
        Assert.DoesNotContain(winners, w => w.Best == "dense" || w.RunnerUp == "dense" || w.Last == "dense");

        var pgd = winners.Single(w => w.Column == "PGD 0.1");
        Assert.Equal(("irregular", "filter_column", "column"), (pgd.Best, pgd.RunnerUp, pgd.Last));
        Assert.Equal(3.5, pgd.Margin, 10);
        Assert.Equal((2, 2), (pgd.SeedsWon, pgd.SeedsCompared));
        Assert.True(pgd.Claimed);

        var fgsm = winners.Single(w => w.Column == "FGSM 0.1");
        Assert.Equal(("irregular", "column"), (fgsm.Best, fgsm.RunnerUp));
        Assert.Equal(1, fgsm.Margin, 10);
        Assert.Equal((1, 2), (fgsm.SeedsWon, fgsm.SeedsCompared));
        Assert.False(fgsm.Claimed);
        Assert.EndsWith("(not best in every seed: no winner claimed)", Rq5Summary.Describe(fgsm));

        // Best in every seed, but by less than the seeds scatter: no claim either.
        var close = Rq5Summary.Rank("s", "c", [("a", 1, 10), ("a", 2, 14), ("b", 1, 9), ("b", 2, 13)])!;
        Assert.Equal(("a", 2, 2), (close.Best, close.SeedsWon, close.SeedsCompared));
        Assert.Equal(Math.Sqrt(8), close.Spread, 10);
        Assert.False(close.Claimed);
        Assert.Contains("margin within the seed spread, sd 2.83: no winner claimed", Rq5Summary.Describe(close));

        var single = winners.Single(w => w.Column == "PGD 0.3");
        Assert.Equal(1, single.SeedsCompared);
        Assert.False(single.Claimed);

        var frozen = Rq5Summary.TransferWinners(transfer).Single(w => w.Column == "frozen");
        Assert.Equal(("filter_column", "irregular", "column"), (frozen.Best, frozen.RunnerUp, frozen.Last));
        Assert.Equal(0.15, frozen.Margin, 10);
        Assert.False(frozen.Claimed);
        Assert.DoesNotContain(Rq5Summary.TransferWinners(transfer), w => w.Column == "dense");
    }

    [Fact]
    public void Markdown_and_cli_give_the_docs_tables()
    {
        using var d = new TempDir();
        var root = WriteRunLayout(d);
        var (robust, transfer) = Rq5Summary.LoadDirectory(root);
        var md = Rq5Summary.Markdown(robust, transfer);
        Assert.Contains("| model | rate | clean | PGD 0.1 | PGD 0.3 | FGSM 0.1 |", md);
        Assert.Contains("| irregular | 10.00x | 97.50 ± 0.71 | 61.00 ± 1.41 | 1.00 | 65.00 ± 7.07 |", md);
        Assert.Contains("Fewer seeds than the others: PGD 0.3.", md);
        Assert.Contains("- PGD 0.1: irregular 61.00% vs filter_column 57.50% (+3.50 points; best in 2/2 seeds); last: column 52.00%\n", md);
        Assert.Contains("| filter_column | 96.00 | 10.0x | 80.40 (10.0x) | 84.05 (10.0x) | 84.45 |", md);
        // Each setting ends with what the claim rule names: clean and PGD 0.1 are irregular's in both seeds, beyond the spread.
        Assert.Contains("\nClaimed winners: irregular in clean, PGD 0.1; no winner claimed in 2 of 4 columns (PGD 0.3, FGSM 0.1).\n", md);
        Assert.Contains("\nClaimed winners: none; no winner claimed in 2 of 2 modes (frozen, readmm).\n", md);

        var outFile = d.File("rq5.md");
        int rc = Kit.Cli.Program.BuildRoot().Parse(["rq5", "summary", root, "--out", outFile]).Invoke();
        Assert.Equal(0, rc);
        Assert.Equal(md, File.ReadAllText(outFile));
        Assert.Equal(1, Kit.Cli.Program.BuildRoot().Parse(["rq5", "summary", d.File("missing")]).Invoke());
    }

    [Fact]
    public void Overview_has_the_readme_rows_with_their_winner_by_the_claim_rule()
    {
        using var d = new TempDir();
        var (robust, transfer) = Rq5Summary.LoadDirectory(WriteRunLayout(d));
        var md = Rq5Summary.Overview(robust, transfer);
        var rows = md.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        // clean, PGD 0.1, FGSM 0.1 (PGD 0.3 is docs/rq5.md's), then frozen and re-pruned for the one transfer pair.
        Assert.Equal(5, rows.Count);
        Assert.Equal("| mnist, PGD 0.1 | 55.00 ± 0.00 | 61.00 ± 1.41 | 52.00 ± 2.83 | 57.50 ± 0.71 | 2 | **irregular** (+3.50 over filter_column, best in 2/2 seeds) |", rows[1]);
        Assert.Equal("| mnist, FGSM 0.1 | 65.00 ± 0.00 | 65.00 ± 7.07 | 64.00 ± 2.83 | 50.00 ± 0.00 | 2 | none claimed (irregular leads by 1.00; best in 1/2 seeds) |", rows[2]);
        Assert.Equal("| transfer mnist -> fashion-mnist, masks frozen | 84.45 (fine-tuned) | 80.25 | 78.80 | 80.40 | 1 | none claimed (filter_column leads by 0.15; one seed) |", rows[3]);
        Assert.StartsWith("| transfer mnist -> fashion-mnist, re-pruned by ADMM |", rows[4]);
        Assert.Contains("No RQ5 runs are committed", Rq5Summary.Overview([], []));
    }

    [Fact]
    public void Into_takes_only_the_committed_folder()
    {
        using var d = new TempDir();
        var root = WriteRunLayout(d);
        var readme = d.File("README.md");
        File.WriteAllText(readme, "x\n");
        Assert.Equal(1, Kit.Cli.Program.BuildRoot().Parse(["rq5", "overview", root, "--into", readme]).Invoke());
        Assert.Equal("x\n", File.ReadAllText(readme));
    }
}
