using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

/// <summary>ADMM vs magnitude pruning of one scheme at one target rate (float models), each a mean over its published seeds; null where a method has no run yet.</summary>
public sealed record MethodComparison(string Dataset, string Scheme, double TargetRate,
    double? AdmmAccuracy, double? AdmmSd, int AdmmSeeds, double? MagnitudeAccuracy, double? MagnitudeSd, int MagnitudeSeeds,
    double? Difference, bool? BeyondSeedSpread);

/// <summary>One pruned (float) experiment: accuracy right after the hard projection, after masked retraining, and final (means over seeds).</summary>
public sealed record RetrainingRow(string Dataset, string Scheme, string Method, double Rate, int Seeds,
    double AfterMapping, double AfterRetraining, double Final, double? FinalSd, double RetrainingGain);

/// <summary>RQ3 from the committed study: what ADMM adds over magnitude pruning, and what masked retraining recovers.</summary>
public static class StudyAblations
{
    static IEnumerable<StudyRunDetail> Pruned(IEnumerable<StudyRunDetail> runs) => runs.Where(r => r.Run.Bits >= 32);

    public static List<MethodComparison> Methods(IEnumerable<StudyRunDetail> runs)
    {
        var rows = new List<MethodComparison>();
        var pruned = Pruned(runs).ToList();
        // Schemes pruned both ways, and irregular, whose magnitude control the study plans: a missing side shows as empty.
        var compared = pruned.Where(r => r.Run.Method == "magnitude" || r.Run.Scheme == "irregular").Select(r => (r.Run.Dataset, r.Run.Scheme)).ToHashSet();
        foreach (var g in pruned.Where(r => compared.Contains((r.Run.Dataset, r.Run.Scheme)))
                     .GroupBy(r => (r.Run.Dataset, r.Run.Scheme, Target: Math.Round(r.TargetRate ?? r.Run.Rate, 2))))
        {
            var admm = g.Where(r => r.Run.Method == "admm").Select(r => r.Run.Accuracy).ToList();
            var mag = g.Where(r => r.Run.Method == "magnitude").Select(r => r.Run.Accuracy).ToList();
            double? a = admm.Count > 0 ? admm.Average() : null, m = mag.Count > 0 ? mag.Average() : null;
            double? diff = a is not null && m is not null ? a - m : null;
            rows.Add(new MethodComparison(g.Key.Dataset, g.Key.Scheme, g.Key.Target, a, StudyStats.Sd(admm), admm.Count, m, StudyStats.Sd(mag), mag.Count,
                diff, diff is { } d ? StudyStats.Beyond(d, StudyStats.Sd(admm), StudyStats.Sd(mag)) : null));
        }
        return [.. rows.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Scheme, StringComparer.Ordinal).ThenBy(r => r.TargetRate)];
    }

    public static List<RetrainingRow> Retraining(IEnumerable<StudyRunDetail> runs) =>
    [
        .. Pruned(runs).GroupBy(r => r.Experiment).Select(g =>
        {
            var rs = g.ToList();
            var f = rs[0].Run;
            double after = rs.Average(r => r.AccuracyAfterMapping), retrained = rs.Average(r => r.AccuracyAfterRetrain);
            return new RetrainingRow(f.Dataset, f.Scheme, f.Method, rs.Average(r => r.Run.Rate), rs.Count, after, retrained,
                rs.Average(r => r.Run.Accuracy), StudyStats.Sd(rs.Select(r => r.Run.Accuracy)), retrained - after);
        }).OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Scheme, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Rate),
    ];

    public static DataFrame MethodsFrame(IEnumerable<MethodComparison> rows) => ReproFrames.From(rows.Select(r => new Dictionary<string, object?>
    {
        ["dataset"] = r.Dataset, ["scheme"] = r.Scheme, ["target_rate"] = r.TargetRate,
        ["admm_accuracy"] = r.AdmmAccuracy, ["admm_sd"] = r.AdmmSd, ["admm_seeds"] = (double)r.AdmmSeeds,
        ["magnitude_accuracy"] = r.MagnitudeAccuracy, ["magnitude_sd"] = r.MagnitudeSd, ["magnitude_seeds"] = (double)r.MagnitudeSeeds,
        ["admm_minus_magnitude"] = r.Difference,
        ["beyond_seed_spread"] = r.BeyondSeedSpread is { } b ? (b ? "yes" : "no") : r.Difference is null ? "" : "one seed: no sd",
    }));

    public static DataFrame RetrainingFrame(IEnumerable<RetrainingRow> rows) => ReproFrames.From(rows.Select(r => new Dictionary<string, object?>
    {
        ["dataset"] = r.Dataset, ["scheme"] = r.Scheme, ["method"] = r.Method, ["rate"] = r.Rate, ["seeds"] = (double)r.Seeds,
        ["after_hard_mapping"] = r.AfterMapping, ["after_masked_retraining"] = r.AfterRetraining, ["final"] = r.Final, ["final_sd"] = r.FinalSd,
        ["retraining_gain"] = r.RetrainingGain,
    }));
}
