using System.Globalization;
using Kit.Costs;

namespace Kit.Research.Claims;

/// <summary>
/// A non-structured and a structured experiment of the same model, dataset and bit width, where the structured one is at
/// least as accurate (within a tolerance): the paper's "equal accuracy, equal bits" setting.
/// Storage: when every run of both has a cost.json (the study's runs), each side's bits in its cheapest exact format as
/// `kit study verdict` counts them, from the real model (mean over seeds). Otherwise (result.json keeps counts, not
/// positions) the non-structured model in its cheapest plain format (relative, CSR, CSC, bitmask) on masks with the run's
/// per-layer nonzero counts at uniformly random positions, against the structured kept block at b bits plus one bit per
/// row and column; <see cref="Source"/> says which.
/// Compute: the kit's compute model per image under each built-in hardware profile (illustrative, not measured).
/// </summary>
public sealed record MatchedPair(CommittedExperiment Irregular, CommittedExperiment Structured, long IrregularBits, string IrregularFormat,
    long StructuredBits, string StructuredFormat, List<(string Profile, double IrregularNs, double StructuredNs)> Times, string Source)
{
    public const string FromCostJson = "cost.json (real masks, cheapest exact format)";
    public const string FromRandomMasks = "random masks with the runs' per-layer counts (no cost.json)";

    public bool StructuredStoresLess => StructuredBits < IrregularBits;
    public bool StructuredFasterEverywhere => Times.All(t => t.StructuredNs < t.IrregularNs);
    public bool IrregularFasterEverywhere => Times.All(t => t.IrregularNs < t.StructuredNs);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Structured.Name} ({Structured.Rate:F1}x, {Structured.Final:F2}%) vs {Irregular.Name} ({Irregular.Rate:F1}x, {Irregular.Final:F2}%), {Irregular.Bits}-bit");

    public static List<MatchedPair> Find(IReadOnlyList<CommittedExperiment> experiments, double tolerance)
    {
        var pairs = new List<MatchedPair>();
        foreach (var i in experiments.Where(e => e.Scheme == "irregular" && e.Bits < 32))
            foreach (var s in experiments.Where(e => e.StructuredPruned && e.Model == i.Model && e.Dataset == i.Dataset && e.Bits == i.Bits
                                                   && e.Final >= i.Final - tolerance))
                pairs.Add(i.Cost is { } ic && s.Cost is { } sc ? FromCost(i, s, ic, sc) : FromCounts(i, s));
        return pairs;
    }

    static MatchedPair FromCost(CommittedExperiment irr, CommittedExperiment str, CommittedCost ic, CommittedCost sc)
    {
        // cost.json has the illustrative times only when its compute section is there; otherwise the counts decide both.
        var times = new List<(string, double, double)>();
        if (ic.CpuUs is { } icpu && sc.CpuUs is { } scpu) times.Add(("cpu-illustrative", icpu * 1e3, scpu * 1e3));
        if (ic.AcceleratorUs is { } iacc && sc.AcceleratorUs is { } sacc) times.Add(("accelerator-illustrative", iacc * 1e3, sacc * 1e3));
        if (times.Count < HardwareProfile.BuiltIn.Count) times = FromCounts(irr, str).Times;
        return new MatchedPair(irr, str, (long)Math.Round(ic.StoredBits), ic.Format, (long)Math.Round(sc.StoredBits), sc.Format, times, FromCostJson);
    }

    static MatchedPair FromCounts(CommittedExperiment irr, CommittedExperiment str)
    {
        int b = irr.Bits;
        var layers = irr.First.Layers.Select(l => new CostLayer(LayerMask.Random(l.Name, l.Shape[0], l.Shape[1], (int)l.Nonzero, SeedMix.Of(1, l.Name, irr.Rate)))).ToList();
        var report = StorageAnalysis.Analyze(layers, b, ["relative", "csr", "csc"]);
        var best = new[] { "relative", "csr", "csc" }.Select(f => (Format: f, Bits: report.Total.Format(f)!.TotalBits)).Append((Format: "bitmask", Bits: report.Total.BitmaskBits)).MinBy(x => x.Bits);
        long structuredBits = str.First.Layers.Sum(l => (long)l.KeptRows * l.KeptColumns * b + l.Shape[0] + l.Shape[1]);
        var times = HardwareProfile.BuiltIn.Select(p =>
        {
            double ti = irr.First.Layers.Select((l, k) => ComputeModel.SparseNs(l.Nonzero * OutputGeometry.OutputPositions(irr.Model, l.Name), p, b,
                report.Layers[k].IndexBits("relative") ?? 1)).Sum();
            double ts = str.First.Layers.Sum(l => ComputeModel.DenseNs((long)l.KeptRows * l.KeptColumns * OutputGeometry.OutputPositions(str.Model, l.Name), p, b));
            return (p.Name, ti, ts);
        }).ToList();
        return new MatchedPair(irr, str, best.Bits, best.Format, structuredBits, "structured", times, FromRandomMasks);
    }
}
