using Kit.Experiments;
using Kit.Costs;

namespace Kit.Research;

/// <summary>One format at one (rate, bits): total bits, the part spent on values (nnz * b) and the rest (index fields,
/// fillers, pointers, presence bits, code tables), per nonzero and as a fraction, and p_eq = dense bits / total bits.</summary>
public sealed record IndexOverheadRow
{
    public double Rate { get; init; }
    public int Bits { get; init; }
    public string Format { get; init; } = "";
    public int? IndexBits { get; init; }
    public long Nonzeros { get; init; }
    public long TotalBits { get; init; }
    public long ValueBits { get; init; }
    public long OverheadBits { get; init; }
    public double BitsPerNonzero { get; init; }
    public double OverheadPerNonzero { get; init; }
    public double OverheadFraction { get; init; }
    public double PEq { get; init; }
}

/// <summary>Per (rate, bits): p_eq with the index formats only (relative, CSR, CSC) and with bitmask and Huffman
/// allowed, and the range of structured rates [p_eq_index, p_eq_all) for which allowing them flips the storage verdict.</summary>
public sealed record VerdictRow
{
    public double Rate { get; init; }
    public int Bits { get; init; }
    public string BestIndexFormat { get; init; } = "";
    public double PEqIndexFormats { get; init; }
    public string BestFormat { get; init; } = "";
    public double PEqAllFormats { get; init; }
    /// <summary>True when bitmask or Huffman beats every plain index format.</summary>
    public bool EncodingChangesBest { get; init; }
    /// <summary>Structured models with a rate in [PEqIndexFormats, PEqAllFormats) lose storage to non-structured only once bitmask/Huffman is allowed.</summary>
    public string FlipsForStructuredRates { get; init; } = "";
    /// <summary>Which of the kit's own structured rates (filter_column 10x, 20x) fall in that range.</summary>
    public string FlipsAtKitRates { get; init; } = "";
}

/// <summary>
/// RQ4: how index overhead grows as weights go to low bit widths. Pure cost model (no training): LeNet-5's real
/// layer shapes with uniformly random masks (<see cref="RandomMaskTable.Masks"/>), every exact format of
/// <see cref="StorageAnalysis"/> at b = 1..8. The value part of a format is nnz * b; everything else is overhead.
/// </summary>
public static class Rq4IndexOverhead
{
    public static readonly int[] BitWidths = [1, 2, 3, 4, 5, 6, 7, 8];
    public static readonly double[] KitStructuredRates = [10, 20];

    /// <summary>What RQ4's numbers cover: exact costs of random masks, the same in quick and full mode (tiny mode only costs fewer rates).</summary>
    public const string ScaleLabel = "exact cost model, no training: the same numbers in quick and full mode";

    public static double[] Rates(ReproMode mode) => mode == ReproMode.Tiny ? [10, 348] : [10, 20, 50, 100, 200, 348, 500];

    /// <summary>Every format's row for one set of masks at one bit width.</summary>
    public static List<IndexOverheadRow> Rows(IReadOnlyList<CostLayer> layers, double rate, int bits)
    {
        var r = StorageAnalysis.Analyze(layers, bits, ["relative", "csr", "csc", "relative_huffman"]);
        var t = r.Total;
        long nnz = t.Nonzeros, values = nnz * bits;
        // One k for the whole model only when every layer chose the same k.
        int? K(string format) => r.Layers.Select(l => l.IndexBits(format)).Distinct().Count() == 1 ? r.Layers[0].IndexBits(format) : null;
        IndexOverheadRow Row(string format, long total, int? k) => new()
        {
            Rate = rate, Bits = bits, Format = format, IndexBits = k, Nonzeros = nnz, TotalBits = total, ValueBits = values,
            OverheadBits = total - values,
            BitsPerNonzero = nnz == 0 ? 0 : (double)total / nnz,
            OverheadPerNonzero = nnz == 0 ? 0 : (double)(total - values) / nnz,
            OverheadFraction = total == 0 ? 0 : (double)(total - values) / total,
            PEq = StorageAnalysis.PEq(t.DenseBits, total),
        };
        return
        [
            Row("relative", t.Format("relative")!.TotalBits, K("relative")),
            Row("csr", t.Format("csr")!.TotalBits, K("csr")),
            Row("csc", t.Format("csc")!.TotalBits, K("csc")),
            Row("bitmask", t.BitmaskBits, null),
            Row("relative_huffman", t.Format("relative_huffman")!.TotalBits, K("relative_huffman")),
        ];
    }

    public static VerdictRow Verdict(IReadOnlyList<IndexOverheadRow> rows)
    {
        var index = rows.Where(r => r.Format is "relative" or "csr" or "csc").MaxBy(r => r.PEq)!;
        var all = rows.MaxBy(r => r.PEq)!;
        bool changes = all.PEq > index.PEq;
        var flips = KitStructuredRates.Where(p => changes && p >= index.PEq && p < all.PEq).ToArray();
        return new VerdictRow
        {
            Rate = index.Rate, Bits = index.Bits, BestIndexFormat = index.Format, PEqIndexFormats = index.PEq,
            BestFormat = all.Format, PEqAllFormats = all.PEq, EncodingChangesBest = changes,
            FlipsForStructuredRates = changes ? $"[{index.PEq:F2}x, {all.PEq:F2}x)" : "",
            FlipsAtKitRates = string.Join(", ", flips.Select(p => $"{p:G}x")),
        };
    }

    public static RqReport Run(ReproContext ctx, int seed = 1)
    {
        var report = new RqReport(4, "RQ4: index overhead vs bit width and rate", ctx.Mode) { Scale = ScaleLabel };
        var rows = new List<IndexOverheadRow>();
        var verdicts = new List<VerdictRow>();
        foreach (var rate in Rates(ctx.Mode))
        {
            var masks = RandomMaskTable.Masks(rate, seed);
            foreach (var b in BitWidths)
            {
                var rs = Rows(masks, rate, b);
                rows.AddRange(rs);
                verdicts.Add(Verdict(rs));
            }
        }
        var overhead = ReproFrames.From(rows);
        var verdict = ReproFrames.From(verdicts);
        report.Tables.Add(("index_overhead", overhead));
        report.Tables.Add(("verdict", verdict));

        var x = BitWidths.Select(b => (double)b).ToArray();
        string[] formats = ["relative", "csr", "csc", "bitmask", "relative_huffman"];
        var all = Rates(ctx.Mode);
        foreach (var rate in new[] { all.Where(r => r <= 100).DefaultIfEmpty(all.Min()).Max(), all.Max() }.Distinct())
        {
            report.Charts.Add(new NamedChart($"overhead_fraction_{rate:G}x",
                ReproCharts.Lines($"Share of storage that is not weight values, LeNet-5 random masks at {rate:G}x", "weight bits b", "overhead / total bits", x,
                    formats.Select(f => (f, BitWidths.Select(b => rows.Single(r => r.Rate == rate && r.Bits == b && r.Format == f).OverheadFraction).ToArray())).ToList()),
                "Index fields, fillers, pointers, presence bits and code tables as a fraction of all bits; value bits are nnz*b."));
        }
        var rates = Rates(ctx.Mode);
        foreach (var b in new[] { 1, 4 })
            report.Charts.Add(new NamedChart($"peq_vs_rate_{b}bit",
                ReproCharts.Lines($"p_eq vs non-structured rate at b = {b} (LeNet-5 random masks)", "non-structured rate p_n (x)", "p_eq (x)", rates,
                    formats.Select(f => (f, rates.Select(rate => rows.Single(r => r.Rate == rate && r.Bits == b && r.Format == f).PEq).ToArray()))
                        .Append(("p_eq = p_n (no overhead)", rates)).ToList(), logX: true, logY: true),
                "A structured model of equal b must reach p_eq to match the non-structured storage; the diagonal is what zero index overhead would give."));

        Findings(report, rows, verdicts);
        report.Notes.Add("Masks are uniformly random per layer (seed " + seed + "); real masks of trained models cluster, which the RQ1 notebook costs exactly.");
        report.Notes.Add("relative_huffman codes the gap fields with a Huffman code; values stay b-bit here because random masks carry no values.");
        return report;
    }

    static void Findings(RqReport report, List<IndexOverheadRow> rows, List<VerdictRow> verdicts)
    {
        double top = rows.Max(r => r.Rate);
        var at = rows.Where(r => r.Rate == top && r.Format == "relative").OrderBy(r => r.Bits).ToList();
        var b1 = at.First(); var b8 = at.Last();
        report.Findings.Add($"At {top:G}x the whole-layer relative index spends {b1.OverheadFraction:P0} of its bits on indexing at b = 1 and {b8.OverheadFraction:P0} at b = 8 " +
            $"({b1.OverheadPerNonzero:F1} vs {b8.OverheadPerNonzero:F1} overhead bits per nonzero): the lower the bit width, the larger the index share.");
        var p1 = verdicts.First(v => v.Rate == top && v.Bits == 1); var p8 = verdicts.First(v => v.Rate == top && v.Bits == 8);
        report.Findings.Add($"p_eq at {top:G}x (best index format): {p1.PEqIndexFormats:F1}x at b = 1, {p8.PEqIndexFormats:F1}x at b = 8; a structured model needs only that rate to match the storage.");
        var changed = verdicts.Where(v => v.EncodingChangesBest).ToList();
        report.Findings.Add(changed.Count == 0
            ? "Bitmask and Huffman never beat the best plain index format on these masks."
            : $"Bitmask or Huffman beat every plain index format in {changed.Count} of {verdicts.Count} (rate, bits) cells, e.g. " +
              string.Join("; ", changed.Take(4).Select(v => $"{v.Rate:G}x b={v.Bits}: {v.BestFormat} p_eq {v.PEqAllFormats:F1}x vs {v.BestIndexFormat} {v.PEqIndexFormats:F1}x")) + ".");
        var flips = verdicts.Where(v => v.FlipsAtKitRates.Length > 0).ToList();
        report.Findings.Add(flips.Count == 0
            ? "In no cell does allowing bitmask/Huffman flip the verdict against the kit's structured rates (10x, 20x)."
            : $"Allowing bitmask/Huffman flips the verdict against a kit structured rate in {flips.Count} cells: " +
              string.Join("; ", flips.Take(6).Select(v => $"{v.Rate:G}x b={v.Bits} vs {v.FlipsAtKitRates} ({v.BestFormat})")) + ".");
    }
}
