using System.Globalization;
using Kit.Charts;
using Kit.Results;

namespace Kit.Research.Study;

/// <summary>RQ3 in results mode: the rates ADMM reaches near dense accuracy in the committed study, ADMM vs magnitude pruning, masked retraining, and the other committed runs.</summary>
public static class Rq3FromStudy
{
    public static RqReport Report(StudyResults s)
    {
        var report = new RqReport(3, "RQ3: ADMM-NN-S rates and ablations (committed study and committed runs)", ReproMode.Results) { Scale = StudyNotes.Scale(s) };
        var methods = StudyAblations.Methods(s.Runs);
        var retraining = StudyAblations.Retraining(s.Runs);
        report.Tables.Add(("admm_vs_magnitude", StudyAblations.MethodsFrame(methods)));
        report.Tables.Add(("retraining", StudyAblations.RetrainingFrame(retraining)));
        var committed = Directory.Exists(s.ResultsDir) ? ResultsSummary.Summarize(s.ResultsDir) : [];
        report.Tables.Add(("committed_runs", ReproFrames.From(committed.Select(r => new Dictionary<string, object?>
        {
            ["experiment"] = r.Name, ["dataset"] = r.Dataset, ["scheme"] = r.Scheme, ["method"] = r.Method, ["rate"] = r.Rate, ["bits"] = StudyStats.BitsLabel(r.Bits),
            ["seeds"] = (double)r.Seeds, ["start_accuracy"] = r.Dense, ["after_mapping"] = r.AfterMapping, ["final"] = r.Final,
            ["final_sd"] = double.IsNaN(r.FinalSd) ? null : r.FinalSd, ["runs"] = string.Join(";", r.Runs),
        }))));
        foreach (var g in retraining.GroupBy(r => r.Dataset))
        {
            var rs = g.ToList();
            report.Charts.Add(new NamedChart($"retraining_{g.Key}", KitCharts.Bars(rs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Scheme} {r.Method} {r.Rate:F0}x (n={r.Seeds})")).ToList(),
                [("after hard mapping", rs.Select(r => r.AfterMapping).ToArray()), ("after masked retraining", rs.Select(r => r.AfterRetraining).ToArray()), ("final", rs.Select(r => r.Final).ToArray())],
                $"{g.Key}: accuracy after hard mapping, after masked retraining and final (committed study, float models)", "accuracy (%)",
                [rs.Select(_ => double.NaN).ToArray(), rs.Select(_ => double.NaN).ToArray(), rs.Select(r => r.FinalSd ?? double.NaN).ToArray()]),
                "Means over each experiment's published seeds (n in each label); the final bars carry one sd over seeds (none with one seed)."));
        }
        Findings(report, s, methods, retraining);
        report.Notes.Add("committed_runs: the runs under results/ outside the study (own schedules, e.g. the 100x ADMM vs magnitude and 348x runs), as `./kit results` tables them.");
        StudyNotes.Add(report, s);
        return report;
    }

    static void Findings(RqReport report, StudyResults s, List<MethodComparison> methods, List<RetrainingRow> retraining)
    {
        var ic = CultureInfo.InvariantCulture;
        foreach (var (ds, dense) in s.DenseAccuracy.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var admm = retraining.Where(r => r.Dataset == ds && r.Scheme == "irregular" && r.Method == "admm").ToList();
            var near = admm.Where(r => r.Final >= dense - Claims.ClaimsAudit.NearZeroLoss - 1e-9).MaxBy(r => r.Rate);
            report.Findings.Add(admm.Count == 0 ? $"{ds}: no irregular ADMM run of the study is published yet."
                : near is null ? string.Create(ic, $"{ds}: no published irregular ADMM rate stays within {Claims.ClaimsAudit.NearZeroLoss} points of dense accuracy ({dense:F2}%).")
                : string.Create(ic, $"{ds}: the highest published irregular ADMM rate within {Claims.ClaimsAudit.NearZeroLoss} points of dense accuracy ({dense:F2}%) is {near.Rate:F1}x at {StudyStats.PlusMinus(near.Final, near.FinalSd, near.Seeds)} (published irregular ADMM rates go up to {admm.Max(r => r.Rate):F1}x)."));
        }
        var paired = methods.Where(m => m.Difference is not null).ToList();
        report.Findings.Add(paired.Count == 0
            ? "No rate has both an ADMM and a magnitude run published in the study yet: ADMM vs magnitude cannot be compared from it (committed_runs holds the earlier 100x comparison)."
            : string.Create(ic, $"ADMM vs magnitude at equal rate: ADMM is more accurate at {paired.Count(m => m.Difference > 0)} of {paired.Count} rates, beyond the seed spread at {paired.Count(m => m.BeyondSeedSpread == true)}; differences ") +
                string.Join(", ", paired.Select(m => string.Create(ic, $"{m.Scheme} {m.TargetRate:G}x {m.Difference:+0.00;-0.00}"))) + " points.");
        if (retraining.Count > 0)
            report.Findings.Add(string.Create(ic, $"Masked retraining changes accuracy by {retraining.Min(r => r.RetrainingGain):+0.00;-0.00} to {retraining.Max(r => r.RetrainingGain):+0.00;-0.00} points across the {retraining.Count} published float experiments (after hard mapping -> after retraining)."));
    }
}
