using System.Globalization;
using Kit.Pruning;

namespace Kit.Study;

/// <summary>
/// The CPU sentence and table cells of the generated verdict, counted from the rows' measured times (`kit study bench`):
/// per dataset and batch size, how many cells each kind of scheme runs fastest, and whether the margin exceeds the seed
/// spread. Says when no run is timed, and when only some of the rows' runs are.
/// </summary>
public static class VerdictCpuSummary
{
    public const string NotTimed = "CPU compute is not part of this verdict yet (the study's models have not been timed with `./kit study bench`).";

    public static string Sentence(IReadOnlyList<VerdictRow> rows)
    {
        var ic = CultureInfo.InvariantCulture;
        // Each experiment appears in one row per tolerance: count its runs once.
        var experiments = rows.Where(r => r.Runs.Count > 0).GroupBy(r => string.Join(";", r.Runs)).Select(g => g.First()).ToList();
        int runs = experiments.Sum(r => r.Runs.Count);
        int timed = experiments.Sum(r => Math.Max(r.CpuBatch1?.Seeds ?? 0, r.CpuBatch64?.Seeds ?? 0));
        if (timed == 0) return NotTimed;
        int threads = rows.First(r => r.CpuThreads is not null).CpuThreads!.Value;
        var parts = new List<string>();
        foreach (var ds in rows.GroupBy(r => r.Dataset))
        {
            var byBatch = new List<string>();
            foreach (var batch in ModelCpuBench.Batches)
            {
                var cells = VerdictSummary.Cells(ds.ToList()).Where(c => c.Count(r => VerdictCpu.Get(r, batch) is not null) >= 2).ToList();
                if (cells.Count == 0) continue;
                var winners = cells.Select(c => c.Single(r => VerdictCpu.Get(r, batch)?.Winner == true)).ToList();
                int irregular = winners.Count(w => VerdictSummary.Of(w) == SchemeStructure.NonStructured);
                int beyond = winners.Count(w => VerdictCpu.Get(w, batch)!.BeyondSeedSpread == true);
                var judged = winners.Where(w => VerdictCpu.Get(w, batch)!.BeyondTimingSpread is not null).ToList();
                bool nm = cells.Any(c => c.Any(r => VerdictCpu.Get(r, batch) is not null && VerdictSummary.Of(r) == SchemeStructure.SemiStructured));
                int Beyond(SchemeStructure side) => judged.Count(w => VerdictSummary.Of(w) == side && VerdictCpu.Get(w, batch)!.BeyondTimingSpread == true);
                int all = Beyond(SchemeStructure.NonStructured) + Beyond(SchemeStructure.Structured) + Beyond(SchemeStructure.SemiStructured);
                string timing = judged.Count == 0 ? "" : string.Create(ic,
                    $"; of the {judged.Count} cells whose runs were timed in rounds, beyond the timing spread in {all} ({Beyond(SchemeStructure.Structured)} structured, {Beyond(SchemeStructure.NonStructured)} irregular{(nm ? string.Create(ic, $", {Beyond(SchemeStructure.SemiStructured)} N:M") : "")} wins)");
                byBatch.Add(string.Create(ic, $"at batch {batch} non-structured (irregular) runs fastest in {irregular}") + VerdictSummary.OtherSides(winners, nm) +
                    string.Create(ic, $" (margin beyond the seed spread in {beyond} of {cells.Count}{timing})"));
            }
            var d = ds.First();
            string dense = d.DenseCpuUsBatch1 is null && d.DenseCpuUsBatch64 is null ? ""
                : string.Create(ic, $"; the dense model takes {Us(d.DenseCpuUsBatch1)} at batch 1 and {Us(d.DenseCpuUsBatch64)} at batch 64");
            parts.Add(byBatch.Count == 0
                ? $"on {ds.Key} no cell has two schemes timed yet{dense}"
                : string.Create(ic, $"on {ds.Key}, of the cells where at least two schemes are timed, {string.Join("; ", byBatch)}{dense}"));
        }
        var any = rows.First(r => r.CpuThreads is not null);
        string load = any.CpuMaxLoad is not { } l ? "" : any.CpuCores is { } cores
            ? string.Create(ic, $" While timing, the 1-minute load average reached {l:0.##} on this {cores}-core machine{(l > cores ? ": busier than its cores, so these times are inflated and noisy" : "")}.")
            : string.Create(ic, $" While timing, the 1-minute load average reached {l:0.##}.");
        string coverage = timed < runs
            ? string.Create(ic, $" Partial: {timed} of the {runs} runs the rows name are timed; a row's time is the mean over its timed seeds, and untimed rows are left out.")
            : string.Create(ic, $" All {runs} runs the rows name are timed.");
        var rounds = rows.Select(r => Math.Min(r.CpuBatch1?.Rounds ?? int.MaxValue, r.CpuBatch64?.Rounds ?? int.MaxValue)).Where(n => n != int.MaxValue).ToList();
        string noise = rounds.Count == 0 || rounds.Max() < 2
            ? " Each run was timed in one round, so the timing noise (this CPU's speed drifts between timings by more than many of these margins) is not measured: rerun `./kit study bench --rounds 5`."
            : string.Create(ic, $" Each run was timed in {(rounds.Min() == rounds.Max() ? rounds.Min().ToString(ic) : $"{rounds.Min()}-{rounds.Max()}")} rounds spread over the timing session; a margin is beyond the timing spread when the runner-up's fastest round is slower than the winner's slowest. The slowest round over the fastest, median over the rows' models: {Drift(experiments, 1)} at batch 1, {Drift(experiments, 64)} at batch 64.");
        return string.Create(ic, $"CPU time at equal accuracy and equal bits (`./kit study bench`, {threads} thread{(threads == 1 ? "" : "s")}; median microseconds per forward of the prunable layers' GEMMs for the whole batch; structured models as dense GEMMs on their shrunk shapes, irregular and N:M through the kit's CSR kernel): ")
            + string.Join("; ", parts) + "." + coverage + load + noise +
            " The compute model's times under the built-in profiles are illustrative, not measured (`model_us_per_image_*_illustrative` in `results/verdict.csv`).";
    }

    /// <summary>The cell's fastest timed scheme at a batch size, with its margin over the next and the spread flag.</summary>
    public static string Cell(IReadOnlyList<VerdictRow> cell, int batch)
    {
        var win = cell.FirstOrDefault(r => VerdictCpu.Get(r, batch)?.Winner == true);
        if (win is null) return "not timed";
        var c = VerdictCpu.Get(win, batch)!;
        return c.Margin is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"{win.Scheme} {c.Us:F1} us ({m:F2}x, beyond spread: {VerdictSummary.Spread(c.BeyondSeedSpread)}{(c.BeyondTimingSpread is { } t ? $"; timing: {(t ? "yes" : "no")}" : "")})")
            : string.Create(CultureInfo.InvariantCulture, $"{win.Scheme} {c.Us:F1} us (only one timed)");
    }

    /// <summary>Median over the rows (one per experiment) of the slowest round's time over the fastest's at a batch size.</summary>
    static string Drift(IReadOnlyList<VerdictRow> experiments, int batch)
    {
        var ratios = experiments.Select(r => VerdictCpu.Get(r, batch)).Where(c => c?.LowUs is > 0 && c.HighUs is not null).Select(c => c!.HighUs!.Value / c.LowUs!.Value).ToList();
        return ratios.Count == 0 ? "(none)" : string.Create(CultureInfo.InvariantCulture, $"{Statistics.Quantile(ratios, 0.5):F2}x (worst {ratios.Max():F2}x)");
    }

    static string Us(double? v) => v is { } x ? string.Create(CultureInfo.InvariantCulture, $"{x:F1} us") : "(not timed)";
}
