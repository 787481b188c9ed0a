using Kit.Experiments;
using System.Globalization;
using Kit.Charts;
using Kit.IO;
using Kit.Robustness;
using Kit.Transfer;

namespace Kit.Research;

/// <summary>
/// RQ5: are structured or non-structured pruned models more robust to adversarial examples, and do their sparsity
/// patterns transfer to another task? Dense vs irregular vs column vs filter+column at one rate (10x), LeNet-5 on MNIST:
/// FGSM and PGD (L-inf, [0,1] pixels) on the test images; transfer MNIST -> Fashion-MNIST with masks frozen, re-pruned
/// by ADMM, and a dense reference. The specs are the shipped ones in specs/rq5-reduced/; quick mode runs them through
/// <see cref="CompressionSpec.AsQuick"/> and attacks fewer images with fewer PGD steps.
/// </summary>
public static class Rq5TransferRobustness
{
    /// <summary>Attack settings of one mode (the PGD step count and size apply to every PGD eps).</summary>
    public sealed record AttackPlan(int Steps, double StepSize, double[] PgdEps, double[] FgsmEps, int Images, long Seed = 1)
    {
        public AttackConfig Pgd => new() { Kind = AttackKind.Pgd, Steps = Steps, StepSize = StepSize, RandomStart = true, Seed = Seed };
        public AttackConfig Fgsm => new() { Kind = AttackKind.Fgsm, Seed = Seed };
    }

    public sealed record Plan(ReproMode Mode, IReadOnlyList<int> Seeds, IReadOnlyList<(int Seed, string Structure, CompressionSpec Spec)> Robustness,
        IReadOnlyList<TransferSpec> Transfer, AttackPlan Attacks);

    public static string SpecsDir(string repoRoot) => Path.Combine(repoRoot, "specs", "rq5-reduced");
    public static string ArtifactsDir(string repoRoot) => Path.Combine(repoRoot, "artifacts", "rq5");
    /// <summary>The committed runs (`kit rq5 publish`), which results mode reads.</summary>
    public static string CommittedDir(string repoRoot) => Path.Combine(repoRoot, "results", Kit.Results.ResultsSummary.Rq5Folder);

    /// <summary>The saved runs this mode reads instead of computing: results/rq5 in results mode, artifacts/rq5 in full mode; none otherwise.</summary>
    static string? SavedDir(ReproContext ctx, string repoRoot) => ctx.Mode switch
    {
        ReproMode.Results => CommittedDir(repoRoot),
        ReproMode.Full => ArtifactsDir(repoRoot),
        _ => null,
    };

    /// <summary>
    /// What each mode runs. Full: the shipped specs as they are (3 seeds; PGD 40 steps of 0.01 as in the method notes; 1,000
    /// test images). Quick: the same specs reduced (2 seeds, 2,000 training images, 1-2 epochs per phase; PGD 10 steps of
    /// 0.03; 300 test images). Tiny (plumbing tests only): 1 seed, 100 images, PGD 3 steps.
    /// </summary>
    public static Plan PlanFor(ReproContext ctx, string repoRoot)
    {
        var dir = SpecsDir(repoRoot);
        if (!Directory.Exists(dir)) throw new KitException($"{dir}: the RQ5 specs are missing (run from a clone of the kit)");
        int[] seeds = ctx.Mode switch { ReproMode.Full or ReproMode.Results => [1, 2, 3], ReproMode.Quick => [1, 2], _ => [1] };
        double[] fgsm = [0.05, 0.1, 0.15, 0.2, 0.3];
        var attacks = ctx.Mode switch
        {
            ReproMode.Full or ReproMode.Results => new AttackPlan(40, 0.01, [0.1, 0.2, 0.3], fgsm, 1000),
            ReproMode.Quick => new AttackPlan(10, 0.03, [0.1, 0.2, 0.3], fgsm, 300),
            _ => new AttackPlan(3, 0.05, [0.1, 0.3], [0.1, 0.3], 100),
        };
        var robust = seeds.SelectMany(seed => Rq5Summary.Structures.Select(s =>
            (seed, s, ctx.Reduce(Json.ReadFile<CompressionSpec>(Path.Combine(dir, $"rq5-reduced-lenet5-mnist-{s}-10x-seed{seed}.json"), strict: true))))).ToList();
        var transfer = Rq5Summary.Structures.Select(s => Reduce(ctx, Json.ReadFile<TransferSpec>(Path.Combine(dir, $"rq5-reduced-transfer-mnist-to-fashion-mnist-{s}-10x.json"), strict: true))).ToList();
        return new Plan(ctx.Mode, seeds, robust, transfer, attacks);
    }

    /// <summary>The transfer spec as this mode runs it (the source goes through the same reduction as every compression spec).</summary>
    static TransferSpec Reduce(ReproContext ctx, TransferSpec spec)
    {
        spec = spec with { Source = spec.Source with { Threads = ctx.Threads } };
        if (ctx.Mode is ReproMode.Full or ReproMode.Results) return spec;
        var q = spec.AsQuick() with { Source = ctx.Reduce(spec.Source) };
        if (ctx.Mode == ReproMode.Quick) return q;
        return q with { Target = q.Target with { TrainLimit = 300, ValidationLimit = 100, TestLimit = 300 } };
    }

    /// <summary>Results mode without results/rq5: nothing to read; the report says what makes the runs.</summary>
    public static RqReport Unavailable()
    {
        const string why = "Results mode: RQ5 has no committed results (no results/rq5). `KIT_MODE=quick` or `./kit reproduce --quick --rq 5` " +
            "recomputes it at smoke scale (minutes); `specs/rq5-reduced/run.sh` at reduced scale (full mode reads artifacts/rq5), and `./kit rq5 publish` commits it.";
        var report = new RqReport(5, "RQ5: adversarial robustness and transfer of structured vs non-structured pruning", ReproMode.Results)
        {
            Unavailable = why, Scale = "nothing committed for RQ5",
        };
        report.Notes.Add(why);
        return report;
    }

    public static RqReport Run(ReproContext ctx, string repoRoot)
    {
        string? savedDir = SavedDir(ctx, repoRoot);
        (List<RobustnessRecord> R, List<TransferRecord> T) saved = savedDir is not null && Directory.Exists(savedDir) ? Rq5Summary.LoadDirectory(savedDir) : ([], []);
        // Results mode reads the committed runs and never trains.
        if (ctx.Mode == ReproMode.Results && saved.R.Count == 0 && saved.T.Count == 0) return Unavailable();
        var report = new RqReport(5, "RQ5: adversarial robustness and transfer of structured vs non-structured pruning", ctx.Mode)
        {
            Scale = ctx.Mode == ReproMode.Results ? "committed RQ5 runs (results/rq5): the REDUCED setting of specs/rq5-reduced/, nothing trained" : ctx.Mode.Scale(),
        };
        var plan = PlanFor(ctx, repoRoot);
        List<RobustnessRecord> robust;
        List<TransferRecord> transfer;
        string where = ctx.Mode == ReproMode.Results ? "results/rq5 (committed by `kit rq5 publish`)" : "artifacts/rq5 (written by specs/rq5-reduced/run.sh)";
        string recompute = ctx.Mode == ReproMode.Results ? "full mode recomputes them" : "delete or move that folder to recompute through the experiment cache";
        if (saved.R.Count > 0 || ctx.Mode == ReproMode.Results)
        {
            robust = saved.R;
            report.Notes.Add($"Robustness numbers read from {where}: {robust.Select(r => (r.Setting, r.Seed)).Distinct().Count()} seed folders, settings {string.Join(", ", robust.Select(r => r.Setting).Distinct())}; {recompute}.");
        }
        else robust = RunRobustness(ctx, plan, report);
        if (saved.T.Count > 0 || ctx.Mode == ReproMode.Results)
        {
            transfer = saved.T;
            report.Notes.Add($"Transfer numbers read from {where}: pairs {string.Join(", ", transfer.Select(t => t.Pair).Distinct())}.");
        }
        else transfer = RunTransfer(ctx, plan, report);
        foreach (var (_, _, spec) in plan.Robustness) report.Specs.Add(spec);
        foreach (var t in plan.Transfer) report.OtherSpecs.Add((t.Name, t));

        report.Tables.Add(("attacks", AttackTable(plan.Attacks)));
        AddTables(report, robust, transfer);
        AddCharts(report, robust, transfer);
        AddFindings(report, robust, transfer);
        if (ctx.Mode == ReproMode.Results)
        {
            report.Notes.Add("Every number here is from the REDUCED setting of specs/rq5-reduced/ (10,000 training images, 3 dense + 3 ADMM + 2 retraining epochs), not the paper's schedule; docs/rq5.md gives the exact commands.");
        }
        else if (ctx.Mode != ReproMode.Full) report.Notes.Add($"Every number here is {ctx.Mode.Scale()}; attacks use {plan.Attacks.Images} test images and PGD {plan.Attacks.Steps} steps of {plan.Attacks.StepSize:G3}. Full mode (KIT_MODE=full or --full) runs the shipped specs.");
        report.Notes.Add("Robust accuracy counts an image only if it is classified correctly both clean and under attack, so robust <= clean.");
        report.Notes.Add("Not run here: filter-only pruning, other rates, quantized models" +
            (robust.Any(r => r.Setting.StartsWith("fashion-mnist", StringComparison.Ordinal)) ? "" : ", Fashion-MNIST robustness") +
            (transfer.Select(t => t.Pair).Distinct().Count() > 1 ? "" : ", the other transfer pairs of specs/transfer/ (runnable with `kit transfer`)") + ".");
        return report;
    }

    /// <summary>Compresses (or reuses) each structure per seed, then attacks the dense start and each pruned model (cached).</summary>
    public static List<RobustnessRecord> RunRobustness(ReproContext ctx, Plan plan, RqReport? report = null)
    {
        var records = new List<RobustnessRecord>();
        foreach (var seed in plan.Seeds)
        {
            foreach (var (s, structure, spec) in plan.Robustness.Where(x => x.Seed == seed))
            {
                var run = ctx.Compress($"{structure} seed {seed}", spec);
                // Each structure's run trains the same dense start (same spec and seed: bit-identical); the irregular run's copy is attacked.
                if (structure == Rq5Summary.Structures[0])
                    records.AddRange(Rq5Summary.FromAttacks("standard", seed, "dense", 1, Attacks(ctx, plan.Attacks, run, "dense.pt")));
                records.AddRange(Rq5Summary.FromAttacks("standard", seed, structure, run.Result.OverallRate, Attacks(ctx, plan.Attacks, run, "model.pt")));
            }
        }
        return records;
    }

    static List<AttackReport> Attacks(ReproContext ctx, AttackPlan a, CompressedRun run, string file) =>
        [Attack(ctx, run, file, a.Pgd, a.PgdEps, a.Images), Attack(ctx, run, file, a.Fgsm, a.FgsmEps, a.Images)];

    static AttackReport Attack(ReproContext ctx, CompressedRun run, string file, AttackConfig config, double[] eps, int images)
    {
        var key = new { kind = "attack", spec = run.Spec, model = file, attack = config, eps, images };
        var entry = ctx.Cache.GetOrComputeEntry(key, _ =>
        {
            ctx.Log($"attacking {run.Spec.Name}/{file}: {config.DescribeMethod()} at eps {string.Join(", ", eps)} on {images} images ...");
            TorchRuntime.Start(ctx.Threads);
            return AttackReport.Run(Path.Combine(run.Dir, file), config, eps, images, dataDir: ctx.DataDir);
        });
        if (entry.Hit) ctx.Log($"cached  attack {config.Kind} {run.Spec.Name}/{file}");
        return entry.Value;
    }

    /// <summary>Runs (or reuses) each transfer spec: source compression on MNIST, then frozen / readmm / dense on the target.</summary>
    public static List<TransferRecord> RunTransfer(ReproContext ctx, Plan plan, RqReport? report = null) =>
        plan.Transfer.SelectMany(spec => Rq5Summary.FromTransfer(Transfer(ctx, spec))).ToList();

    /// <summary>One transfer spec, computed or from the cache.</summary>
    public static TransferResult Transfer(ReproContext ctx, TransferSpec spec)
    {
        var key = new { kind = "transfer", spec };
        var entry = ctx.Cache.GetOrComputeEntry(key, dir =>
        {
            ctx.Log($"running transfer {spec.Name} ({ctx.Mode.Name()} mode) ...");
            TorchRuntime.Start(ctx.Threads);
            var run = ctx.DataDir is null ? spec : spec.WithDataDir(ctx.DataDir);
            // The reduction is already in the spec; Quick only marks the result as a smoke run (AsQuick is idempotent).
            return TransferRunner.Run(run, dir, new TransferOptions { Quick = ctx.Mode != ReproMode.Full });
        });
        if (entry.Hit) ctx.Log($"cached  transfer {spec.Name}");
        return entry.Value;
    }

    /// <summary>
    /// The ADMM log of one structure's run, if it exists without computing anything: artifacts/rq5 in full mode when
    /// present, else the experiment cache. Null when the run has not been made yet.
    /// </summary>
    public static Admm.AdmmLog? AdmmLogOf(ReproContext ctx, Plan plan, string repoRoot, string structure, int seed = 1)
    {
        var saved = SavedDir(ctx, repoRoot) is { } dir ? Path.Combine(dir, $"seed{seed}", structure, Admm.AdmmLog.FileName) : null;
        if (saved is not null && File.Exists(saved)) return Admm.AdmmLog.Load(saved);
        if (ctx.Mode == ReproMode.Results) return null; // results mode never trains
        var spec = plan.Robustness.FirstOrDefault(x => x.Seed == seed && x.Structure == structure).Spec;
        if (spec is null || !ctx.Cache.Contains(new { kind = "compress", spec = ctx.Reduce(spec) })) return null;
        var run = ctx.Compress($"{structure} seed {seed}", spec);
        return File.Exists(run.AdmmLogPath) ? Admm.AdmmLog.Load(run.AdmmLogPath) : null;
    }

    /// <summary>The attack settings of a plan as a table (what the notebook shows under "the experiment").</summary>
    public static Microsoft.Data.Analysis.DataFrame AttackTable(AttackPlan a) => ReproFrames.From(new[]
    {
        new Dictionary<string, object?> { ["attack"] = "PGD L-inf", ["steps"] = (double)a.Steps, ["step_size"] = a.StepSize, ["eps"] = string.Join(" ", a.PgdEps), ["random_start"] = true, ["seed"] = (double)a.Seed, ["test_images"] = (double)a.Images },
        new Dictionary<string, object?> { ["attack"] = "FGSM", ["steps"] = 1.0, ["step_size"] = null, ["eps"] = string.Join(" ", a.FgsmEps), ["random_start"] = false, ["seed"] = (double)a.Seed, ["test_images"] = (double)a.Images },
    });

    static void AddTables(RqReport report, List<RobustnessRecord> robust, List<TransferRecord> transfer)
    {
        report.Tables.Add(("robustness", ReproFrames.From(robust.Select(r => new { r.Setting, r.Seed, r.Model, r.Rate, r.Attack, r.Eps, column = r.Column, r.Accuracy, r.Images }))));
        report.Tables.Add(("robustness_summary", ReproFrames.From(Rq5Summary.Summarize(robust).Select(c => new Dictionary<string, object?>
        {
            ["setting"] = c.Setting, ["model"] = c.Model, ["rate"] = c.Rate, ["column"] = c.Column, ["mean"] = c.Mean, ["sd"] = c.Sd, ["seeds"] = (double)c.Seeds,
        }))));
        report.Tables.Add(("robustness_winners", WinnerFrame(Rq5Summary.Winners(robust))));
        if (transfer.Count == 0) return;
        report.Tables.Add(("transfer", ReproFrames.From(transfer)));
        report.Tables.Add(("transfer_summary", ReproFrames.From(Rq5Summary.SummarizeTransfer(transfer).Select(c => new Dictionary<string, object?>
        {
            ["pair"] = c.Setting, ["structure"] = c.Model, ["mode"] = c.Column, ["rate"] = c.Rate, ["mean"] = c.Mean, ["sd"] = c.Sd, ["seeds"] = (double)c.Seeds,
        }))));
        report.Tables.Add(("transfer_winners", WinnerFrame(Rq5Summary.TransferWinners(transfer))));
    }

    static Microsoft.Data.Analysis.DataFrame WinnerFrame(List<Winner> w) => ReproFrames.From(w.Select(x => new
    {
        x.Setting, x.Column, x.Best, best_mean = x.BestMean, runner_up = x.RunnerUp, runner_up_mean = x.RunnerUpMean, margin = x.Margin,
        x.Last, last_mean = x.LastMean, seeds_won = x.SeedsWon, seeds_compared = x.SeedsCompared, seed_spread = x.Spread, claimed = x.Claimed,
    }));

    static void AddCharts(RqReport report, List<RobustnessRecord> robust, List<TransferRecord> transfer)
    {
        var cells = Rq5Summary.Summarize(robust);
        foreach (var setting in cells.Select(c => c.Setting).Distinct())
        {
            string suffix = setting == "standard" ? "" : "_" + setting.Replace(' ', '-'); // a file name: no spaces
            foreach (var attack in new[] { "pgd", "fgsm" })
            {
                var rs = robust.Where(r => r.Setting == setting).ToList();
                var models = Rq5Summary.Models.Where(m => rs.Any(r => r.Model == m)).ToList();
                // Only eps every model has: a curve with a hole would read as a trend.
                var eps = rs.Where(r => r.Attack == attack).Select(r => r.Eps).Distinct()
                    .Where(e => models.All(m => rs.Any(r => r.Model == m && r.Attack == attack && r.Eps == e))).OrderBy(e => e).ToList();
                if (eps.Count == 0) continue;
                SummaryCell Cell(string m, string col) => cells.First(c => c.Setting == setting && c.Model == m && c.Column == col);
                string Col(double e) => new RobustnessRecord(setting, 0, "", 0, attack, e, 0, 0).Column;
                var x = new[] { 0.0 }.Concat(eps).ToArray();
                var columns = new[] { "clean" }.Concat(eps.Select(Col)).ToList();
                // Seed counts of the plotted points: some eps may have been run for fewer seeds (docs/rq5.md's PGD 0.2/0.3).
                var series = models.Select(m => ($"{m} ({SeedText(columns.Select(col => Cell(m, col).Seeds))})", columns.Select(col => Cell(m, col).Mean).ToArray())).ToList();
                var sd = models.Select(m => columns.Select(col => Cell(m, col).Sd ?? double.NaN).ToArray()).ToList();
                var counts = models.SelectMany(m => columns.Select(col => Cell(m, col).Seeds)).ToList();
                string seeds = counts.Min() == counts.Max() ? $"{counts.Min()} seed(s)" : $"{counts.Min()}-{counts.Max()} seeds per point";
                report.Charts.Add(new NamedChart($"robustness_{attack}{suffix}", KitCharts.Robustness(x, series,
                    $"{attack.ToUpperInvariant()}: accuracy vs eps ({setting} training, mean ± 1 sample sd over {seeds}, {report.Mode.Name()} mode)", sd),
                    $"Robust accuracy (correct clean and under attack) per structure at 10x; eps 0 is the clean accuracy. Mean over {seeds}; error bars are ±1 sample " +
                    "standard deviation over the seeds (none where a point has one seed); the legend gives each model's seed count (robustness_summary has it per cell)."));
            }
        }
        if (transfer.Count == 0) return;
        var tc = Rq5Summary.SummarizeTransfer(transfer);
        foreach (var pair in tc.Select(c => c.Setting).Distinct())
        {
            var structures = Rq5Summary.Structures.Where(s => tc.Any(c => c.Setting == pair && c.Model == s)).ToList();
            var modes = new[] { "frozen", "readmm", "dense" }.Where(m => tc.Any(c => c.Setting == pair && c.Column == m)).ToList();
            SummaryCell? Cell(string s, string m) => tc.FirstOrDefault(c => c.Setting == pair && c.Model == s && c.Column == m);
            string Label(string m) => m == "readmm" ? "re-pruned (ADMM)" : m == "frozen" ? "masks frozen" : "dense fine-tuned (reference)";
            var series = modes.Select(m => ($"{Label(m)} ({SeedText(structures.Select(s => Cell(s, m)?.Seeds).OfType<int>())})",
                structures.Select(s => Cell(s, m)?.Mean ?? double.NaN).ToArray())).ToList();
            var sd = modes.Select(m => structures.Select(s => Cell(s, m)?.Sd ?? double.NaN).ToArray()).ToList();
            report.Charts.Add(new NamedChart("transfer", KitCharts.Transfer(structures, series,
                $"Transfer {pair}: target test accuracy (mean ± 1 sample sd over {SeedText(tc.Where(c => c.Setting == pair).Select(c => c.Seeds))}, {report.Mode.Name()} mode)", sd),
                "Per source structure: masks frozen (only surviving weights fine-tuned), re-pruned by ADMM on the target, and the source's dense model fine-tuned. " +
                "Bars are means over seeds, error bars ±1 sample standard deviation (none for one seed); the legend gives each mode's seed count."));
        }
    }

    /// <summary>"3 seeds", "1 seed", "2-3 seeds" for the seed counts of the points of one series.</summary>
    static string SeedText(IEnumerable<int> counts)
    {
        var l = counts.ToList();
        if (l.Count == 0) return "0 seeds";
        return (l.Min() == l.Max() ? $"{l.Min()}" : $"{l.Min()}-{l.Max()}") + (l.Max() == 1 ? " seed" : " seeds");
    }

    static void AddFindings(RqReport report, List<RobustnessRecord> robust, List<TransferRecord> transfer)
    {
        string tag = $"[{report.Mode.Name()}]";
        var cells = Rq5Summary.Summarize(robust);
        foreach (var w in Rq5Summary.Winners(robust))
            report.Findings.Add($"{tag} {(w.Setting == "standard" ? "" : w.Setting + " training, ")}{Rq5Summary.Describe(w)}.");
        foreach (var setting in cells.Select(c => c.Setting).Distinct())
        {
            var cols = Rq5Summary.Columns(robust.Where(r => r.Setting == setting));
            var chosen = new[] { "clean", cols.FirstOrDefault(c => c.StartsWith("PGD", StringComparison.Ordinal)), cols.FirstOrDefault(c => c.StartsWith("FGSM", StringComparison.Ordinal)) }.OfType<string>();
            foreach (var col in chosen)
            {
                var dense = cells.FirstOrDefault(c => c.Setting == setting && c.Model == "dense" && c.Column == col);
                if (dense is null) continue;
                var diffs = Rq5Summary.Structures.Select(s => cells.FirstOrDefault(c => c.Setting == setting && c.Model == s && c.Column == col))
                    .OfType<SummaryCell>().Select(c => $"{c.Model} {(c.Mean - dense.Mean).ToString("+0.00;-0.00", CultureInfo.InvariantCulture)}");
                report.Findings.Add($"{tag} {setting} training, {col}, pruned minus dense start ({dense.Mean:F2}%, mean of {dense.Seeds} seed(s)): {string.Join(", ", diffs)} points.");
            }
        }
        foreach (var w in Rq5Summary.TransferWinners(transfer))
            report.Findings.Add($"{tag} transfer {w.Setting}, {Rq5Summary.Describe(w)}.");
        foreach (var pair in transfer.Select(t => t.Pair).Distinct())
        {
            var tc = Rq5Summary.SummarizeTransfer(transfer.Where(t => t.Pair == pair));
            var gaps = Rq5Summary.Structures.Select(s => (s, f: tc.FirstOrDefault(c => c.Model == s && c.Column == "frozen"), d: tc.FirstOrDefault(c => c.Model == s && c.Column == "dense")))
                .Where(x => x.f != null && x.d != null).Select(x => $"{x.s} {(x.f!.Mean - x.d!.Mean).ToString("+0.00;-0.00", CultureInfo.InvariantCulture)}").ToList();
            if (gaps.Count > 0) report.Findings.Add($"{tag} transfer {pair}: masks frozen minus dense fine-tuned reference: {string.Join(", ", gaps)} points.");
        }
    }
}
