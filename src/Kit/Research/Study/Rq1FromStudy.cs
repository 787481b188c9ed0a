using System.Globalization;
using Kit.Charts;

namespace Kit.Research.Study;

/// <summary>RQ1 in results mode: the accuracy-matched pairs of results/verdict.csv (irregular vs the best structured scheme at equal bits and tolerance; N:M beside them) and their storage.</summary>
public static class Rq1FromStudy
{
    public static RqReport Report(StudyResults s)
    {
        var report = new RqReport(1, "RQ1: storage of non-structured vs structured pruning at equal accuracy and bits (committed study)", ReproMode.Results) { Scale = StudyNotes.Scale(s) };
        var pairs = StudyPairs.Build(s.Verdict);
        report.Tables.Add(("matched_pairs", StudyPairs.Frame(pairs)));
        report.Tables.Add(("coverage", StudyNotes.CoverageFrame(s.Coverage)));
        var both = pairs.Where(p => p.Status == StudyPairs.BothWithin).ToList();
        if (both.Count > 0)
        {
            var cats = both.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Dataset} {StudyStats.BitsLabel(p.Bits)} within {p.TolerancePoints:0.0#} (n={p.IrregularSeeds} vs {p.StructuredSeeds})")).ToList();
            double[] KiB(IEnumerable<double?> bits) => bits.Select(b => b is { } x ? x / 8192 : double.NaN).ToArray();
            report.Charts.Add(new NamedChart("matched_storage", KitCharts.Bars(cats,
                [("irregular", KiB(both.Select(p => p.IrregularStorageBits))), ("best structured", KiB(both.Select(p => p.StructuredStorageBits)))],
                "Stored KiB of the accuracy-matched pair (cheapest exact format; mean ± sd over seeds)", "KiB",
                [KiB(both.Select(p => p.IrregularStorageSd)), KiB(both.Select(p => p.StructuredStorageSd))]),
                "Per (dataset, bits, tolerance) cell of results/verdict.csv where both sides have a model within the tolerance of dense accuracy: each side's most compressed such model. " +
                "n = seeds of the irregular vs the structured model; bars one sd over seeds (none with one seed)."));
        }
        Findings(report, pairs);
        var cpu = StudyCpuPairs.Build(s.Verdict);
        report.Tables.Add(("matched_cpu", StudyCpuPairs.Frame(cpu)));
        report.Findings.AddRange(StudyCpuPairs.Findings(cpu));
        foreach (var batch in cpu.Select(p => p.Batch).Distinct())
        {
            var at = cpu.Where(p => p.Batch == batch).ToList();
            var cats = at.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Dataset} {StudyStats.BitsLabel(p.Bits)} within {p.TolerancePoints:0.0#}")).ToList();
            report.Charts.Add(new NamedChart($"matched_cpu_batch{batch}", KitCharts.Bars(cats,
                [("irregular (CSR kernel)", at.Select(p => p.IrregularUs).ToArray()), ("fastest structured (shrunk GEMM)", at.Select(p => p.StructuredUs).ToArray())],
                $"Measured CPU time at batch {batch}, accuracy-matched models (us per forward of the prunable layers' GEMMs; mean ± sd over seeds)", "us",
                [at.Select(p => p.IrregularSd ?? 0).ToArray(), at.Select(p => p.StructuredSd ?? 0).ToArray()]),
                "Per (dataset, bits, tolerance) cell of results/verdict.csv where an irregular and a structured model within the tolerance were both timed (`./kit study bench`, this machine, 1 thread): " +
                "the irregular model and the fastest structured one. Table matched_cpu says whether each order holds beyond the seed spread and beyond the timing spread between rounds."));
        }
        if (s.Verdict.Count == 0) report.Notes.Add("results/verdict.csv is absent: `./kit study verdict` writes it from results/study.");
        else if (!s.VerdictCurrent) report.Notes.Add("results/verdict.csv differs from what `./kit study verdict` computes from results/study now (a run landed since): rerun it.");
        int timed = s.Verdict.Count(r => r.CpuBatch1 is not null || r.CpuBatch64 is not null), models = s.Verdict.Count(r => r.StorageBits is not null);
        report.Notes.Add(timed == 0
            ? "CPU compute of the matched pairs: no model of results/verdict.csv is timed yet (`./kit study bench` times them, then `./kit study verdict`); table matched_cpu stays empty."
            : $"CPU compute of the matched pairs (table matched_cpu): results/verdict.csv times {timed} of its {models} model rows on this CPU (columns cpu_us_batch1/64, `./kit study bench`). " +
              "Times are this machine's, measured, not a hardware model; structured models run as dense GEMMs on their shrunk shapes, irregular ones through the kit's CSR kernel.");
        StudyNotes.Add(report, s);
        return report;
    }

    static void Findings(RqReport report, List<StoragePair> pairs)
    {
        var ic = CultureInfo.InvariantCulture;
        if (pairs.Count == 0) { report.Findings.Add("No verdict rows: no accuracy-matched pair can be shown."); return; }
        foreach (var ds in pairs.GroupBy(p => p.Dataset))
        {
            var both = ds.Where(p => p.Status == StudyPairs.BothWithin).ToList();
            int irr = both.Count(p => p.Winner == "irregular");
            int beyond = both.Count(p => p.BeyondSeedSpread == true);
            report.Findings.Add(string.Create(ic, $"{ds.Key}: {both.Count} of {ds.Count()} (bits, tolerance) cells have both an irregular and a structured model within the tolerance; ") +
                (both.Count == 0 ? "no storage comparison at equal accuracy can be made yet." :
                    string.Create(ic, $"irregular stores less in {irr} and a structured scheme in {both.Count - irr}; the difference exceeds the seed spread in {beyond} of {both.Count}") +
                        (both.All(p => p.BeyondSeedSpread is null) ? " (every pair rests on single seeds: no spread known)." : ".")));
            foreach (var p in both)
                report.Findings.Add(string.Create(ic,
                    $"{p.Dataset} {StudyStats.BitsLabel(p.Bits)} within {p.TolerancePoints:0.0#} points: irregular {p.IrregularRate:F1}x at {p.IrregularAccuracy:F2}% stores {p.IrregularStorageBits / 8192:F1} KiB ({p.IrregularFormat}); " +
                    $"{p.StructuredScheme} {p.StructuredRate:F1}x at {p.StructuredAccuracy:F2}% stores {p.StructuredStorageBits / 8192:F1} KiB: {p.Winner} stores {p.Margin:F2}x less."));
            var nm = ds.Where(p => p.NmStorageBits is not null).ToList();
            if (nm.Count > 0)
            {
                int withIrr = nm.Count(p => p.IrregularStorageBits is not null), withStr = nm.Count(p => p.StructuredStorageBits is not null);
                report.Findings.Add(string.Create(ic, $"{ds.Key}: N:M (semi-structured, neither side of the paper's comparison; columns nm_* of matched_pairs) has a model within the tolerance in {nm.Count} cells; ") +
                    string.Create(ic, $"it stores less than the irregular model in {nm.Count(p => p.NmStorageBits < p.IrregularStorageBits)} of the {withIrr} cells where both are within, and less than the structured one in {nm.Count(p => p.NmStorageBits < p.StructuredStorageBits)} of {withStr}."));
            }
            var one = ds.Where(p => p.Status != StudyPairs.BothWithin).GroupBy(p => p.Status).Select(g => $"{g.Key} in {g.Count()}").ToList();
            if (one.Count > 0) report.Findings.Add($"{ds.Key}: cells without a pair: {string.Join(", ", one)}.");
        }
    }
}
