using System.Globalization;

namespace Kit.Research.Study;

/// <summary>RQ2 in results mode: per dataset and bit width, accuracy vs rate and vs stored bits of every published experiment, with each scheme's Pareto fronts.</summary>
public static class Rq2FromStudy
{
    /// <summary>Accuracy gap to dense (points) within which the findings name the smallest stored model.</summary>
    public const double NearDensePoints = 0.5;

    public static RqReport Report(StudyResults s)
    {
        var report = new RqReport(2, "RQ2: accuracy vs rate and vs stored bits at equal bits, per scheme (committed study)", ReproMode.Results) { Scale = StudyNotes.Scale(s) };
        var points = StudyPoints.Build(s.Runs);
        report.Tables.Add(("points", StudyPoints.Frame(points)));
        report.Tables.Add(("coverage", StudyNotes.CoverageFrame(s.Coverage)));
        foreach (var g in points.GroupBy(p => (p.Dataset, p.Bits)))
        {
            var ps = g.ToList();
            string key = $"{g.Key.Dataset}_{StudyStats.BitsLabel(g.Key.Bits)}", label = $"{g.Key.Dataset}, {StudyStats.BitsLabel(g.Key.Bits)}";
            report.Charts.Add(new NamedChart($"accuracy_vs_rate_{key}", StudyCharts.AccuracyVsRate(ps, $"Accuracy vs pruning rate, {label} (committed study)"),
                "One series per scheme: mean test accuracy over seeds, bars one sd (none with one seed), n = seeds; dashed: the scheme's Pareto front (no point of the scheme has both a higher rate and a higher accuracy)."));
            report.Charts.Add(new NamedChart($"accuracy_vs_bits_{key}", StudyCharts.AccuracyVsStoredBits(ps, $"Accuracy vs stored size, {label} (committed study)"),
                "Stored size: each model in its cheapest exact format (index or row/column bits included), as results/verdict.csv counts it; dashed: the scheme's front (highest accuracy for at most that many bits)."));
        }
        Findings(report, s, points);
        StudyNotes.Add(report, s);
        return report;
    }

    static void Findings(RqReport report, StudyResults s, List<StudyPoint> points)
    {
        var ic = CultureInfo.InvariantCulture;
        if (points.Count == 0) { report.Findings.Add("No published compressed run of the study: nothing to plot."); return; }
        foreach (var g in points.GroupBy(p => (p.Dataset, p.Bits)))
        {
            string where = $"{g.Key.Dataset} {StudyStats.BitsLabel(g.Key.Bits)}";
            var parts = g.GroupBy(p => p.Scheme).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x =>
            {
                var top = x.MaxBy(p => p.Rate)!;
                var small = x.MinBy(p => p.StoredBits)!;
                return string.Create(ic, $"{x.Key}: {x.Count()} experiment(s), up to {top.Rate:F1}x ({StudyStats.PlusMinus(top.Accuracy, top.AccuracySd, top.Seeds)}), smallest {small.StoredBits / 8192:F1} KiB ({StudyStats.PlusMinus(small.Accuracy, small.AccuracySd, small.Seeds)})");
            });
            report.Findings.Add($"{where}: {string.Join("; ", parts)}.");
            if (s.DenseAccuracy.TryGetValue(g.Key.Dataset, out double dense))
            {
                var near = g.Where(p => p.Accuracy >= dense - NearDensePoints - 1e-9).MinBy(p => p.StoredBits);
                report.Findings.Add(near is null
                    ? string.Create(ic, $"{where}: no published model is within {NearDensePoints} points of dense accuracy ({dense:F2}%).")
                    : string.Create(ic, $"{where}: the smallest published model within {NearDensePoints} points of dense accuracy ({dense:F2}%) is {near.Scheme} ({near.Method}) at {near.Rate:F1}x, {near.StoredBits / 8192:F1} KiB, {StudyStats.PlusMinus(near.Accuracy, near.AccuracySd, near.Seeds)}") +
                        (g.Select(p => p.Scheme).Distinct().Count() < 2 ? " (the only scheme published at this bit width)." : "."));
            }
        }
    }
}
