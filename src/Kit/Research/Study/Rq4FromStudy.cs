using System.Globalization;

namespace Kit.Research.Study;

/// <summary>
/// RQ4 in results mode: the exact cost model on random masks (no training, the same in every mode) and, on the study's
/// real irregular masks, the index width k each layer chose, the fillers and the index share of CSR vs rate and bits.
/// </summary>
public static class Rq4FromStudy
{
    /// <summary>The random-mask cost model (<see cref="Rq4IndexOverhead"/>) followed by <see cref="StudyPart"/>: what `kit reproduce` writes in results mode.</summary>
    public static RqReport Report(StudyResults s, ReproContext ctx)
    {
        var random = Rq4IndexOverhead.Run(ctx);
        var study = StudyPart(s);
        var report = new RqReport(4, "RQ4: index overhead vs bit width and rate (random masks and the committed study's masks)", ReproMode.Results)
        {
            Scale = $"{Rq4IndexOverhead.ScaleLabel}; real masks: {study.Scale}",
        };
        report.Tables.AddRange(random.Tables.Concat(study.Tables));
        report.Charts.AddRange(random.Charts.Concat(study.Charts));
        report.Findings.AddRange(random.Findings.Select(f => "Random masks: " + f).Concat(study.Findings));
        report.Notes.AddRange(random.Notes.Concat(study.Notes));
        return report;
    }

    /// <summary>The study's real irregular masks only: table study_index and its charts (what the RQ4 notebook adds to the random-mask model).</summary>
    public static RqReport StudyPart(StudyResults s)
    {
        var report = new RqReport(4, "RQ4: index overhead of the committed study's irregular models", ReproMode.Results) { Scale = StudyNotes.Scale(s) };
        var rows = StudyIndex.Build(s.Runs);
        report.Tables.Add(("study_index", StudyIndex.Frame(rows)));
        foreach (var ds in rows.GroupBy(r => r.Dataset))
        {
            var series = ds.GroupBy(r => (r.Bits, r.Method)).OrderByDescending(g => g.Key.Bits).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
                .Select(g => g.OrderBy(r => r.Rate).ToList()).ToList();
            string Name(List<StudyIndexRow> g) => $"{StudyStats.BitsLabel(g[0].Bits)} {g[0].Method} ({StudyCharts.SeedsLabel(g.Select(r => r.Seeds))})";
            report.Charts.Add(new NamedChart($"study_overhead_share_{ds.Key}", StudyCharts.Series(
                series.Select(g => (Name(g), g.Select(r => r.Rate).ToArray(), g.Select(r => r.CsrOverheadShare).ToArray(), g.Select(r => r.CsrOverheadShareSd ?? double.NaN).ToArray())).ToList(),
                $"{ds.Key}: share of CSR bits that is not weight values, real masks of the committed study", "pruning rate (x)", "(CSR bits - nnz*b) / CSR bits", logX: true),
                "Index fields, fillers and row pointers over all CSR bits, per bit width; bars one sd over seeds (none with one seed)."));
            report.Charts.Add(new NamedChart($"study_index_bits_{ds.Key}", StudyCharts.Series(
                series.Select(g => (Name(g), g.Select(r => r.Rate).ToArray(), g.Select(r => r.MaxCsrK).ToArray(), g.Select(r => r.MaxCsrKSd ?? double.NaN).ToArray())).ToList(),
                $"{ds.Key}: widest CSR index field k of a layer, real masks of the committed study", "pruning rate (x)", "k (bits)", logX: true),
                "The largest per-layer k the exact search chose (mean over seeds; bars one sd over seeds, none with one seed); the per-layer values are in study_index."));
        }
        Findings(report, rows);
        StudyNotes.Add(report, s);
        return report;
    }

    static void Findings(RqReport report, List<StudyIndexRow> rows)
    {
        var ic = CultureInfo.InvariantCulture;
        if (rows.Count == 0) { report.Findings.Add("No irregular model of the study is published yet: no real-mask index figures."); return; }
        foreach (var ds in rows.GroupBy(r => r.Dataset))
        {
            foreach (var g in ds.GroupBy(r => r.Bits).OrderByDescending(g => g.Key))
            {
                var lo = g.MinBy(r => r.Rate)!; var hi = g.MaxBy(r => r.Rate)!;
                report.Findings.Add(string.Create(ic, $"Study masks, {ds.Key} {StudyStats.BitsLabel(g.Key)}: from {lo.Rate:F1}x to {hi.Rate:F1}x the widest CSR k goes {lo.MaxCsrK:0.#} -> {hi.MaxCsrK:0.#} bits, " +
                    $"fillers per nonzero (relative index) {lo.FillersPerNonzero:F3} -> {hi.FillersPerNonzero:F3}, CSR overhead share {lo.CsrOverheadShare:P0} -> {hi.CsrOverheadShare:P0}."));
            }
            var byRate = ds.GroupBy(r => Math.Round(r.Rate, 1)).Where(g => g.Select(r => r.Bits).Distinct().Count() > 1).MaxBy(g => g.Key);
            if (byRate is not null)
            {
                var b = byRate.OrderBy(r => r.Bits).ToList();
                report.Findings.Add(string.Create(ic, $"Study masks, {ds.Key} at {byRate.Key:F1}x: the CSR overhead share is {string.Join(", ", b.Select(r => $"{r.CsrOverheadShare:P0} at {StudyStats.BitsLabel(r.Bits)}"))}."));
            }
        }
    }
}
