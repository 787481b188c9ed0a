using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

/// <summary>
/// RQ4 on the study's real masks: one irregular experiment over its seeds. K per layer is the CSR index width each layer's
/// exact search chose (a range when seeds differ); fillers are the entries a k-bit gap field cannot avoid; the CSR overhead
/// share is (CSR bits - nnz*b) / CSR bits; p_eq is the dense bits at b over the cheapest exact format's bits.
/// </summary>
public sealed record StudyIndexRow(string Dataset, int Bits, string Method, string Experiment, int Seeds, double Rate, double Nonzeros,
    string CsrK, double MaxCsrK, double CsrFillers, double? CsrFillersSd, double RelativeFillers, double FillersPerNonzero,
    double CsrOverheadShare, double? CsrOverheadShareSd, string BestFormat, double BestBits, double PEq, double? MaxCsrKSd = null);

public static class StudyIndex
{
    public static List<StudyIndexRow> Build(IEnumerable<StudyRunDetail> runs) =>
    [
        .. runs.Where(r => r.Run.Scheme == "irregular" && r.CsrBits is not null && r.CsrFillers is not null && r.RelativeFillers is not null)
            .GroupBy(r => r.Experiment).Select(g =>
            {
                var rs = g.OrderBy(r => r.Run.Seed).ToList();
                var first = rs[0].Run;
                int b = first.Bits;
                double Share(StudyRunDetail r) => (double)(r.CsrBits!.Value - r.Nonzeros * b) / r.CsrBits.Value;
                static double MaxK(StudyRunDetail r) => r.Layers.Max(l => l.CsrK ?? 0);
                var layers = rs[0].Layers.Select(l => l.Layer).ToList();
                string K(string layer)
                {
                    var ks = rs.Select(r => r.Layers.FirstOrDefault(l => l.Layer == layer)?.CsrK).OfType<int>().Distinct().Order().ToList();
                    return ks.Count == 0 ? $"{layer} -" : ks.Count == 1 ? $"{layer} {ks[0]}" : $"{layer} {ks[0]}-{ks[^1]}";
                }
                double nnz = rs.Average(r => (double)r.Nonzeros);
                double best = rs.Average(r => (double)r.Run.StorageBits);
                return new StudyIndexRow(first.Dataset, b, first.Method, g.Key, rs.Count, rs.Average(r => r.Run.Rate), nnz,
                    string.Join(", ", layers.Select(K)), rs.Average(MaxK),
                    rs.Average(r => (double)r.CsrFillers!.Value), StudyStats.Sd(rs.Select(r => (double)r.CsrFillers!.Value)),
                    rs.Average(r => (double)r.RelativeFillers!.Value), rs.Average(r => (double)r.RelativeFillers!.Value / Math.Max(1, r.Nonzeros)),
                    rs.Average(Share), StudyStats.Sd(rs.Select(Share)),
                    rs.GroupBy(r => r.Run.StorageFormat).OrderByDescending(f => f.Count()).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key,
                    best, rs.Average(r => (double)r.DenseBits) / best, StudyStats.Sd(rs.Select(MaxK)));
            })
            .OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenByDescending(r => r.Bits).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Rate),
    ];

    public static DataFrame Frame(IEnumerable<StudyIndexRow> rows) => ReproFrames.From(rows.Select(r => new Dictionary<string, object?>
    {
        ["dataset"] = r.Dataset, ["bits"] = StudyStats.BitsLabel(r.Bits), ["method"] = r.Method, ["seeds"] = (double)r.Seeds, ["rate"] = r.Rate,
        ["nonzeros"] = r.Nonzeros, ["csr_k_per_layer"] = r.CsrK, ["max_csr_k"] = r.MaxCsrK, ["max_csr_k_sd"] = r.MaxCsrKSd, ["csr_fillers"] = r.CsrFillers, ["csr_fillers_sd"] = r.CsrFillersSd,
        ["relative_fillers"] = r.RelativeFillers, ["relative_fillers_per_nonzero"] = r.FillersPerNonzero,
        ["csr_overhead_share"] = r.CsrOverheadShare, ["csr_overhead_share_sd"] = r.CsrOverheadShareSd,
        ["best_format"] = r.BestFormat, ["best_bits"] = r.BestBits, ["p_eq"] = r.PEq, ["experiment"] = r.Experiment,
    }));
}
