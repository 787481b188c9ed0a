using Kit.Experiments;
using System.Globalization;
using System.Text;
using Kit.IO;
using Kit.Robustness;
using Kit.Transfer;

namespace Kit.Research;

/// <summary>
/// One accuracy of one model of one seed: clean (Attack "clean", Eps 0) or under an attack at one eps.
/// Setting separates normally trained models ("standard") from concurrent adversarial ADMM ("adversarial").
/// </summary>
public sealed record RobustnessRecord(string Setting, int Seed, string Model, double Rate, string Attack, double Eps, double Accuracy, int Images)
{
    /// <summary>The table column this record belongs to: "clean", "PGD 0.1", "FGSM 0.05".</summary>
    public string Column => Attack == "clean" ? "clean" : $"{Attack.ToUpperInvariant()} {Eps.ToString("G4", CultureInfo.InvariantCulture)}";
}

/// <summary>One transfer mode's target accuracy for one source structure and seed.</summary>
public sealed record TransferRecord(int Seed, string Pair, string Structure, double SourceAccuracy, double SourceRate, string Mode,
    double TargetAccuracy, double Rate, int Bits, int FineTuneEpochs, int TargetTestImages);

/// <summary>Mean and sample standard deviation of one cell over the seeds that have it (Sd is null for one seed).</summary>
public sealed record SummaryCell(string Setting, string Model, string Column, double Mean, double? Sd, int Seeds, double Rate);

/// <summary>
/// The best of the compared structures in one column (mean over seeds), the margin to the runner-up, the last, and in how
/// many seeds the winner was at least as good as every other structure (only seeds where every structure was measured).
/// Claimed is true only when the winner was best in every one of at least two seeds and its margin exceeds the seed
/// spread (the larger sample sd of the two leaders): otherwise the ranking is not distinguishable from seed noise.
/// </summary>
public sealed record Winner(string Setting, string Column, string Best, double BestMean, string RunnerUp, double RunnerUpMean, string Last, double LastMean,
    int SeedsWon, int SeedsCompared, double Spread, bool Claimed)
{
    public double Margin => BestMean - RunnerUpMean;
}

/// <summary>
/// RQ5 numbers from attack and transfer results: loading (from the folder layout specs/rq5-reduced/run.sh writes, or from
/// records the reproduction computed), mean ± sd over seeds, winners, and the markdown tables of docs/rq5.md.
/// Pure functions of the records, so `kit rq5 summary`, `kit reproduce --rq 5` and the notebook agree.
/// </summary>
public static class Rq5Summary
{
    public static readonly string[] Structures = ["irregular", "column", "filter_column"];
    public static readonly string[] Models = ["dense", .. Structures];
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ---- loading the run.sh layout

    /// <summary>
    /// Reads DIR/seedN/ and DIR/adv-seedN/ (per structure S: S/result.json and attack-{pgd,fgsm}-S-model.json; the dense
    /// start: attack-{pgd,fgsm}-irregular-dense.json) and DIR/transfer/S/result.json. Missing files are skipped: a cell
    /// then has fewer seeds, and its seed count says so. Seed folders one level down (DIR/DATASET/seedN, e.g. the
    /// Fashion-MNIST robustness runs) become their own setting, "DATASET standard" / "DATASET adversarial", so datasets
    /// are never averaged together.
    /// </summary>
    public static (List<RobustnessRecord> Robustness, List<TransferRecord> Transfer) LoadDirectory(string dir)
    {
        if (!Directory.Exists(dir)) throw new KitException($"{dir}: no such folder (specs/rq5-reduced/run.sh writes artifacts/rq5)");
        var robust = new List<RobustnessRecord>();
        var seedDirs = Directory.GetDirectories(dir).Select(d => (Dir: d, Prefix: ""))
            .Concat(Directory.GetDirectories(dir).Where(d => Path.GetFileName(d) != "transfer")
                .SelectMany(d => Directory.GetDirectories(d).Select(sub => (Dir: sub, Prefix: Path.GetFileName(d) + " "))))
            .OrderBy(x => x.Dir, StringComparer.Ordinal);
        foreach (var (sd, prefix) in seedDirs)
        {
            var name = Path.GetFileName(sd);
            string setting = name.StartsWith("adv-seed", StringComparison.Ordinal) ? "adversarial" : name.StartsWith("seed", StringComparison.Ordinal) ? "standard" : "";
            if (setting == "" || !int.TryParse(name[(name.LastIndexOf("seed", StringComparison.Ordinal) + 4)..], NumberStyles.Integer, Inv, out var seed)) continue;
            setting = prefix + setting;
            foreach (var model in Models)
            {
                string tag = model == "dense" ? "irregular-dense" : model + "-model";
                double rate = 1;
                if (model != "dense")
                {
                    var result = Path.Combine(sd, model, "result.json");
                    if (!File.Exists(result)) continue;
                    rate = Json.ReadFile<CompressionResult>(result, strict: false).OverallRate;
                }
                var reports = new[] { "pgd", "fgsm" }.Select(k => Path.Combine(sd, $"attack-{k}-{tag}.json")).Where(File.Exists).Select(AttackReport.Read).ToList();
                robust.AddRange(FromAttacks(setting, seed, model, rate, reports));
            }
        }
        var transfer = new List<TransferRecord>();
        var tdir = Path.Combine(dir, "transfer");
        if (Directory.Exists(tdir))
            foreach (var f in Directory.GetDirectories(tdir).OrderBy(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "result.json")).Where(File.Exists))
                transfer.AddRange(FromTransfer(Json.ReadFile<TransferResult>(f, strict: false)));
        return (robust, transfer);
    }

    /// <summary>
    /// Records of one model from its attack reports: one clean record (the first report's clean accuracy: every report of a
    /// model attacks the same images), and one per (attack, eps) except FGSM at eps 0, which is the clean accuracy again.
    /// </summary>
    public static IEnumerable<RobustnessRecord> FromAttacks(string setting, int seed, string model, double rate, IReadOnlyList<AttackReport> reports)
    {
        if (reports.Count == 0) yield break;
        yield return new RobustnessRecord(setting, seed, model, rate, "clean", 0, reports[0].CleanAccuracy, reports[0].TestImages);
        foreach (var r in reports)
        {
            var kind = r.Attack.Kind == AttackKind.Fgsm ? "fgsm" : "pgd";
            foreach (var p in r.Points.Where(p => p.Eps > 0))
                yield return new RobustnessRecord(setting, seed, model, rate, kind, p.Eps, p.RobustAccuracy, r.TestImages);
        }
    }

    public static IEnumerable<TransferRecord> FromTransfer(TransferResult r)
    {
        string pair = $"{Task(r.Source.Dataset, r.Source.Classes)} -> {Task(r.TargetDataset, r.TargetClasses)}";
        // Results written by the Python summary era spelled the scheme "filtercolumn".
        var structure = r.Source.Scheme.Replace("filtercolumn", "filter_column", StringComparison.Ordinal);
        return r.Modes.Select(m => new TransferRecord((int)r.Spec.Source.Seed, pair, structure, r.Source.Accuracy, r.Source.Rate,
            Json.Serialize(m.Mode).Trim('"'), m.TargetAccuracy, m.Rate, m.Bits, m.FineTuneEpochs, r.TargetTestImages));
    }

    static string Task(string dataset, int[]? classes) => classes is { Length: > 0 } c ? $"{dataset} {c.Min()}-{c.Max()}" : dataset;

    // ---- statistics

    public static (double Mean, double? Sd) MeanSd(IReadOnlyList<double> v)
    {
        if (v.Count == 0) return (double.NaN, null);
        return (v.Average(), v.Count < 2 ? null : Kit.Results.ResultsSummary.Sd(v));
    }

    /// <summary>Columns in reading order: clean, then PGD by eps, then FGSM by eps.</summary>
    public static List<string> Columns(IEnumerable<RobustnessRecord> records) => records
        .Select(r => (r.Attack, r.Eps, r.Column)).Distinct()
        .OrderBy(c => c.Attack switch { "clean" => 0, "pgd" => 1, _ => 2 }).ThenBy(c => c.Eps)
        .Select(c => c.Column).Distinct().ToList();

    /// <summary>Mean ± sd over seeds per (setting, model, column), models in the order dense, irregular, column, filter_column.</summary>
    public static List<SummaryCell> Summarize(IEnumerable<RobustnessRecord> records)
    {
        var list = records.ToList();
        var cols = Columns(list);
        return list.GroupBy(r => (r.Setting, r.Model, r.Column))
            .Select(g =>
            {
                var (m, sd) = MeanSd(g.Select(r => r.Accuracy).ToList());
                return new SummaryCell(g.Key.Setting, g.Key.Model, g.Key.Column, m, sd, g.Select(r => r.Seed).Distinct().Count(), g.Average(r => r.Rate));
            })
            .OrderBy(c => SettingOrder(c.Setting)).ThenBy(c => c.Setting, StringComparer.Ordinal).ThenBy(c => ModelOrder(c.Model)).ThenBy(c => cols.IndexOf(c.Column)).ToList();
    }

    static int SettingOrder(string s) => s == "standard" ? 0 : 1;

    static int ModelOrder(string m) => Array.IndexOf(Models, m) is var i && i >= 0 ? i : Models.Length;

    /// <summary>Per setting and column: the winner among <paramref name="compared"/> (default: the three pruned structures).</summary>
    public static List<Winner> Winners(IEnumerable<RobustnessRecord> records, IReadOnlyList<string>? compared = null)
    {
        compared ??= Structures;
        var list = records.Where(r => compared.Contains(r.Model)).ToList();
        var cols = Columns(list);
        var winners = new List<Winner>();
        foreach (var setting in list.Select(r => r.Setting).Distinct().OrderBy(SettingOrder).ThenBy(s => s, StringComparer.Ordinal))
            foreach (var col in cols)
            {
                var cell = list.Where(r => r.Setting == setting && r.Column == col).ToList();
                var w = Rank(setting, col, cell.Select(r => (r.Model, r.Seed, r.Accuracy)).ToList());
                if (w != null) winners.Add(w);
            }
        return winners;
    }

    /// <summary>Ranks candidates by mean over seeds; ties keep the candidates' first-seen order.</summary>
    public static Winner? Rank(string setting, string column, IReadOnlyList<(string Candidate, int Seed, double Value)> values)
    {
        var means = values.GroupBy(v => v.Candidate).Select(g => (Name: g.Key, Mean: g.Average(v => v.Value))).ToList();
        if (means.Count < 2) return null;
        var order = means.OrderByDescending(m => m.Mean).ToList();
        var best = order[0].Name;
        var names = means.Select(m => m.Name).ToList();
        // Seeds where every candidate was measured: the only fair per-seed comparison.
        var seeds = values.GroupBy(v => v.Seed).Where(g => names.All(n => g.Any(v => v.Candidate == n))).ToList();
        int won = seeds.Count(g => g.Where(v => v.Candidate == best).Max(v => v.Value) >= g.Where(v => v.Candidate != best).Max(v => v.Value));
        double Sd(string n) => MeanSd(values.Where(v => v.Candidate == n).Select(v => v.Value).ToList()).Sd ?? 0;
        double spread = Math.Max(Sd(best), Sd(order[1].Name));
        double margin = order[0].Mean - order[1].Mean;
        bool claimed = seeds.Count >= 2 && won == seeds.Count && margin > spread;
        return new Winner(setting, column, best, order[0].Mean, order[1].Name, order[1].Mean, order[^1].Name, order[^1].Mean, won, seeds.Count, spread, claimed);
    }

    /// <summary>Transfer: mean ± sd over seeds per (pair, structure, mode).</summary>
    public static List<SummaryCell> SummarizeTransfer(IEnumerable<TransferRecord> records) => records
        .GroupBy(r => (r.Pair, r.Structure, r.Mode))
        .Select(g =>
        {
            var (m, sd) = MeanSd(g.Select(r => r.TargetAccuracy).ToList());
            return new SummaryCell(g.Key.Pair, g.Key.Structure, g.Key.Mode, m, sd, g.Select(r => r.Seed).Distinct().Count(), g.Average(r => r.Rate));
        })
        .OrderBy(c => c.Setting, StringComparer.Ordinal).ThenBy(c => ModelOrder(c.Model)).ThenBy(c => ModeOrder(c.Column)).ToList();

    static int ModeOrder(string m) => m switch { "frozen" => 0, "readmm" => 1, _ => 2 };

    /// <summary>Transfer winners per (pair, mode) among the source structures. The dense mode is a reference, not compared.</summary>
    public static List<Winner> TransferWinners(IEnumerable<TransferRecord> records) => records
        .Where(r => r.Mode != "dense")
        .GroupBy(r => (r.Pair, r.Mode))
        .OrderBy(g => g.Key.Pair, StringComparer.Ordinal).ThenBy(g => ModeOrder(g.Key.Mode))
        .Select(g => Rank(g.Key.Pair, g.Key.Mode, g.Select(r => (r.Structure, r.Seed, r.TargetAccuracy)).ToList()))
        .Where(w => w != null).Select(w => w!).ToList();

    // ---- text

    public static string Cell(double mean, double? sd) => double.IsNaN(mean) ? "n/a" : mean.ToString("F2", Inv) + (sd is double s ? " ± " + s.ToString("F2", Inv) : "");

    /// <summary>One sentence per winner, with the seed count and whether the data support a claim.</summary>
    public static string Describe(Winner w, string unit = "%")
    {
        var s = $"{w.Column}: {w.Best} {w.BestMean.ToString("F2", Inv)}{unit} vs {w.RunnerUp} {w.RunnerUpMean.ToString("F2", Inv)}{unit} " +
                $"({w.Margin.ToString("+0.00;-0.00", Inv)} points; best in {w.SeedsWon}/{w.SeedsCompared} seeds); last: {w.Last} {w.LastMean.ToString("F2", Inv)}{unit}";
        return s + (w.Claimed ? "" : w.SeedsCompared < 2 ? " (one seed: no winner claimed)"
            : w.SeedsWon < w.SeedsCompared ? " (not best in every seed: no winner claimed)"
            : $" (margin within the seed spread, sd {w.Spread.ToString("F2", Inv)}: no winner claimed)");
    }

    /// <summary>
    /// The README's RQ5 table: per robustness setting the clean, PGD 0.1 and FGSM 0.1 columns (those that exist), per transfer
    /// pair the frozen and re-pruned modes; each row the mean ± sd of every model and the winner by the claim rule of
    /// <see cref="Rank"/> (or why none is claimed). docs/rq5.md has every column.
    /// </summary>
    public static string Overview(IReadOnlyList<RobustnessRecord> robust, IReadOnlyList<TransferRecord> transfer)
    {
        if (robust.Count == 0 && transfer.Count == 0) return "No RQ5 runs are committed (results/rq5): `specs/rq5-reduced/run.sh`, then `./kit rq5 publish`.\n";
        var sb = new StringBuilder("| comparison | dense | irregular | column | filter_column | seeds | winner among the pruned (claim rule) |\n|---|---|---|---|---|---|---|\n");
        var cells = Summarize(robust);
        var winners = Winners(robust);
        foreach (var setting in cells.Select(c => c.Setting).Distinct())
        {
            var rs = robust.Where(r => r.Setting == setting).ToList();
            foreach (var col in Columns(rs).Where(c => c is "clean" or "PGD 0.1" or "FGSM 0.1"))
            {
                string M(string model) => cells.FirstOrDefault(c => c.Setting == setting && c.Model == model && c.Column == col) is { } c ? Cell(c.Mean, c.Sd) : "n/a";
                int seeds = rs.Where(r => r.Column == col).Select(r => r.Seed).Distinct().Count();
                sb.Append($"| {SettingLabel(setting)}, {col} | {M("dense")} | {M("irregular")} | {M("column")} | {M("filter_column")} | {seeds} | ")
                  .Append(Verdict(winners.FirstOrDefault(w => w.Setting == setting && w.Column == col))).Append(" |\n");
            }
        }
        var tc = SummarizeTransfer(transfer);
        var tw = TransferWinners(transfer);
        foreach (var pair in transfer.Select(t => t.Pair).Distinct())
            foreach (var mode in new[] { "frozen", "readmm" })
            {
                string M(string model) => tc.FirstOrDefault(c => c.Setting == pair && c.Model == model && c.Column == mode) is { } c ? Cell(c.Mean, c.Sd) : "n/a";
                // The dense reference fine-tunes each seed's dense source, the same for every structure: the first structure's cell shows it.
                var dense = tc.FirstOrDefault(c => c.Setting == pair && c.Column == "dense");
                string reference = dense is null ? "n/a" : Cell(dense.Mean, dense.Sd) + " (fine-tuned)";
                int seeds = transfer.Where(t => t.Pair == pair && t.Mode == mode).Select(t => t.Seed).Distinct().Count();
                sb.Append($"| transfer {pair}, {(mode == "readmm" ? "re-pruned by ADMM" : "masks frozen")} | {reference} | {M("irregular")} | {M("column")} | {M("filter_column")} | {seeds} | ")
                  .Append(Verdict(tw.FirstOrDefault(w => w.Setting == pair && w.Column == mode))).Append(" |\n");
            }
        return sb.ToString();
    }

    static string SettingLabel(string setting) => setting switch
    {
        "standard" => "mnist",
        "adversarial" => "mnist, adversarial ADMM",
        _ when setting.EndsWith(" standard", StringComparison.Ordinal) => setting[..^" standard".Length],
        _ when setting.EndsWith(" adversarial", StringComparison.Ordinal) => setting[..^" adversarial".Length] + ", adversarial ADMM",
        _ => setting,
    };

    static string Verdict(Winner? w) => w is null ? "n/a"
        : w.Claimed ? $"**{w.Best}** (+{w.Margin.ToString("F2", Inv)} over {w.RunnerUp}, best in {w.SeedsWon}/{w.SeedsCompared} seeds)"
        : $"none claimed ({w.Best} leads by {w.Margin.ToString("F2", Inv)}; " + (w.SeedsCompared < 2 ? "one seed)"
            : w.SeedsWon < w.SeedsCompared ? $"best in {w.SeedsWon}/{w.SeedsCompared} seeds)" : $"within the seed spread, sd {w.Spread.ToString("F2", Inv)})");

    /// <summary>One sentence: which structure the claim rule names per column (or mode), and where it names none.</summary>
    public static string ClaimLine(IReadOnlyList<Winner> winners, string unit)
    {
        var claimed = winners.Where(w => w.Claimed).GroupBy(w => w.Best).Select(g => $"{g.Key} in {string.Join(", ", g.Select(w => w.Column))}").ToList();
        var none = winners.Where(w => !w.Claimed).Select(w => w.Column).ToList();
        return $"Claimed winners: {(claimed.Count == 0 ? "none" : string.Join("; ", claimed))}" +
               (none.Count == 0 ? "." : $"; no winner claimed in {none.Count} of {winners.Count} {unit}s ({string.Join(", ", none)}).");
    }

    /// <summary>docs/rq5.md's tables: per setting a model × column table of mean ± sd, the winners, then the transfer table.</summary>
    public static string Markdown(IReadOnlyList<RobustnessRecord> robust, IReadOnlyList<TransferRecord> transfer)
    {
        var sb = new StringBuilder();
        var cells = Summarize(robust);
        foreach (var setting in cells.Select(c => c.Setting).Distinct())
        {
            var rs = robust.Where(r => r.Setting == setting).ToList();
            var cols = Columns(rs);
            var seeds = rs.Select(r => r.Seed).Distinct().OrderBy(s => s).ToList();
            var images = rs.Select(r => r.Images).Distinct().OrderBy(i => i).ToList();
            sb.AppendLine($"### Robustness ({setting} training)").AppendLine();
            sb.AppendLine($"Seeds: {seeds.Count} ({string.Join(", ", seeds)}); test images per attack: {string.Join("/", images)}. Mean ± sample sd over the seeds that have the cell (no ± = one seed).").AppendLine();
            sb.AppendLine("| model | rate | " + string.Join(" | ", cols) + " |");
            sb.AppendLine("|---|---|" + string.Concat(cols.Select(_ => "---|")));
            foreach (var model in Models)
            {
                var mc = cells.Where(c => c.Setting == setting && c.Model == model).ToList();
                if (mc.Count == 0) continue;
                sb.AppendLine($"| {model} | {mc[0].Rate.ToString("F2", Inv)}x | " + string.Join(" | ", cols.Select(col => mc.FirstOrDefault(c => c.Column == col) is { } c ? Cell(c.Mean, c.Sd) : "n/a")) + " |");
            }
            var partial = cols.Where(col => cells.Where(c => c.Setting == setting && c.Column == col).Select(c => c.Seeds).DefaultIfEmpty(0).Max() < seeds.Count).ToList();
            if (partial.Count > 0) sb.AppendLine().AppendLine($"Fewer seeds than the others: {string.Join(", ", partial)}.");
            sb.AppendLine().AppendLine("Winner among the pruned structures per column (mean over seeds; margin to the runner-up; seeds won):").AppendLine();
            var ws = Winners(rs);
            foreach (var w in ws) sb.AppendLine("- " + Describe(w));
            sb.AppendLine().AppendLine(ClaimLine(ws, "column"));
            sb.AppendLine();
        }
        if (transfer.Count > 0)
        {
            foreach (var pair in transfer.Select(t => t.Pair).Distinct())
            {
                var ts = transfer.Where(t => t.Pair == pair).ToList();
                var tc = SummarizeTransfer(ts);
                sb.AppendLine($"### Transfer {pair}").AppendLine();
                sb.AppendLine($"Target test accuracy (%), seeds: {string.Join(", ", ts.Select(t => t.Seed).Distinct().OrderBy(s => s))}; target test images: {string.Join("/", ts.Select(t => t.TargetTestImages).Distinct())}.").AppendLine();
                sb.AppendLine("| source structure | source acc | source rate | frozen (rate) | re-pruned ADMM (rate) | dense fine-tuned |");
                sb.AppendLine("|---|---|---|---|---|---|");
                foreach (var s in Structures.Concat(ts.Select(t => t.Structure)).Distinct())
                {
                    var rows = ts.Where(t => t.Structure == s).ToList();
                    if (rows.Count == 0) continue;
                    string M(string mode) => tc.FirstOrDefault(c => c.Model == s && c.Column == mode) is { } c ? Cell(c.Mean, c.Sd) + (mode == "dense" ? "" : $" ({c.Rate.ToString("F1", Inv)}x)") : "n/a";
                    var (sa, ssd) = MeanSd(rows.DistinctBy(r => r.Seed).Select(r => r.SourceAccuracy).ToList());
                    sb.AppendLine($"| {s} | {Cell(sa, ssd)} | {rows.Average(r => r.SourceRate).ToString("F1", Inv)}x | {M("frozen")} | {M("readmm")} | {M("dense")} |");
                }
                sb.AppendLine().AppendLine("Winner among the source structures per mode:").AppendLine();
                var tw = TransferWinners(ts);
                foreach (var w in tw) sb.AppendLine("- " + Describe(w));
                sb.AppendLine().AppendLine(ClaimLine(tw, "mode"));
                sb.AppendLine();
            }
        }
        return sb.ToString().TrimEnd() + "\n";
    }
}
