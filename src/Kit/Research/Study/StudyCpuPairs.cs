using Kit.Pruning;
using Kit.Study;
using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

using VerdictRow = Kit.Study.VerdictRow;

/// <summary>
/// One (dataset, bits, tolerance) cell of results/verdict.csv at one batch size as RQ1 reads CPU compute: the irregular
/// scheme's model (the most compressed within the tolerance) against the fastest timed structured model within it (a
/// scheme run as dense GEMMs on its shrunk shapes; N:M, neither side of the paper's comparison and timed through the
/// CSR kernel since the kit has no N:M kernel, is left out), each timed by `kit study bench` (mean over timed seeds), then which runs faster, by what factor,
/// and whether that holds beyond the seed spread and beyond the timing spread (the slower side's fastest round slower
/// than the faster side's slowest: the order survives this CPU's drift between rounds).
/// </summary>
public sealed record CpuPair(string Dataset, int Bits, double TolerancePoints, int Batch,
    double? IrregularRate, double IrregularUs, double? IrregularSd, int IrregularSeeds,
    string StructuredScheme, double? StructuredRate, double StructuredUs, double? StructuredSd, int StructuredSeeds,
    string Faster, double Margin, bool? BeyondSeedSpread, bool? BeyondTimingSpread, int Rounds, double? DenseUs);

public static class StudyCpuPairs
{
    /// <summary>Cells where both sides have a timed model within the tolerance, per batch size; cells without one are left out.</summary>
    public static List<CpuPair> Build(IEnumerable<VerdictRow> verdict)
    {
        var pairs = new List<CpuPair>();
        foreach (var cell in verdict.GroupBy(r => (r.Dataset, r.Bits, r.TolerancePoints)))
            foreach (var batch in ModelCpuBench.Batches)
            {
                var irr = cell.FirstOrDefault(r => r.Scheme == "irregular" && VerdictCpu.Get(r, batch) is not null);
                var structured = cell.Where(r => PruningSchemes.StructureOf(r.Scheme) == SchemeStructure.Structured && VerdictCpu.Get(r, batch) is not null)
                    .MinBy(r => VerdictCpu.Get(r, batch)!.Us);
                if (irr is null || structured is null) continue;
                var (i, s) = (VerdictCpu.Get(irr, batch)!, VerdictCpu.Get(structured, batch)!);
                bool irrFaster = i.Us <= s.Us;
                var (fast, slow) = irrFaster ? (i, s) : (s, i);
                pairs.Add(new CpuPair(cell.Key.Dataset, cell.Key.Bits, cell.Key.TolerancePoints, batch,
                    irr.Rate, i.Us, i.Sd, i.Seeds, structured.Scheme, structured.Rate, s.Us, s.Sd, s.Seeds,
                    irrFaster ? "irregular" : structured.Scheme, slow.Us / fast.Us, StudyStats.Beyond(slow.Us - fast.Us, i.Sd, s.Sd), VerdictCpu.BeyondTiming(fast, slow),
                    Math.Min(i.Rounds, s.Rounds), batch == 1 ? irr.DenseCpuUsBatch1 : irr.DenseCpuUsBatch64));
            }
        return [.. pairs.OrderBy(p => p.Dataset, StringComparer.Ordinal).ThenBy(p => p.Batch).ThenByDescending(p => p.Bits).ThenBy(p => p.TolerancePoints)];
    }

    /// <summary>Per dataset and batch size: how many cells each side runs faster in, and how many of those orders hold beyond each spread.</summary>
    public static List<string> Findings(IReadOnlyList<CpuPair> pairs)
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        var lines = new List<string>();
        foreach (var g in pairs.GroupBy(p => (p.Dataset, p.Batch)))
        {
            var ps = g.ToList();
            int irr = ps.Count(p => p.Faster == "irregular");
            int Timing(bool irregular) => ps.Count(p => (p.Faster == "irregular") == irregular && p.BeyondTimingSpread == true);
            int judged = ps.Count(p => p.BeyondTimingSpread is not null);
            string timing = judged == 0 ? "timed in one round only: the timing noise is not measured"
                : string.Create(ic, $"beyond the timing spread in {Timing(true) + Timing(false)} of {judged} (irregular faster in {Timing(true)}, structured in {Timing(false)})");
            lines.Add(string.Create(ic, $"{g.Key.Dataset}, CPU at batch {g.Key.Batch}: of {ps.Count} cells with both an irregular and a structured model timed, irregular runs faster in {irr} and structured in {ps.Count - irr}; ") +
                string.Create(ic, $"beyond the seed spread in {ps.Count(p => p.BeyondSeedSpread == true)}; {timing}; margins {ps.Min(p => p.Margin):F2}x to {ps.Max(p => p.Margin):F2}x."));
        }
        return lines;
    }

    static string Flag(bool? b, string none) => b is { } x ? (x ? "yes" : "no") : none;

    public static DataFrame Frame(IEnumerable<CpuPair> pairs) => ReproFrames.From(pairs.Select(p => new Dictionary<string, object?>
    {
        ["dataset"] = p.Dataset, ["bits"] = StudyStats.BitsLabel(p.Bits), ["within_points"] = p.TolerancePoints, ["batch"] = (double)p.Batch,
        ["irregular_rate"] = p.IrregularRate, ["irregular_us"] = p.IrregularUs, ["irregular_sd_us"] = p.IrregularSd, ["irregular_seeds"] = (double)p.IrregularSeeds,
        ["structured_scheme"] = p.StructuredScheme, ["structured_rate"] = p.StructuredRate, ["structured_us"] = p.StructuredUs, ["structured_sd_us"] = p.StructuredSd,
        ["structured_seeds"] = (double)p.StructuredSeeds, ["runs_faster"] = p.Faster, ["factor"] = p.Margin,
        ["beyond_seed_spread"] = Flag(p.BeyondSeedSpread, "one seed: no sd"), ["beyond_timing_spread"] = Flag(p.BeyondTimingSpread, "one round: not measured"),
        ["rounds"] = (double)p.Rounds, ["dense_us"] = p.DenseUs,
    }));
}
