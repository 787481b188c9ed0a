using Kit.Pruning;
using Kit.Study;
using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

using VerdictRow = Kit.Study.VerdictRow;

/// <summary>
/// One (dataset, bits, tolerance) cell of results/verdict.csv as RQ1 reads it: the irregular scheme's most compressed model
/// within the tolerance against the structured scheme (filter, column, filter+column: <see cref="SchemeStructure.Structured"/>)
/// that stores least within it, each with its storage, then which stores less and by what factor (the larger bits over the
/// smaller). Status says which side has no model within the tolerance. N:M is neither side of the paper's comparison: the
/// N:M model that stores least within the tolerance is shown beside the pair (Nm*), never as its structured side.
/// </summary>
public sealed record StoragePair(string Dataset, int Bits, double TolerancePoints, double DenseAccuracy,
    double? IrregularRate, double? IrregularAccuracy, double? IrregularAccuracySd, int IrregularSeeds, double? IrregularStorageBits, string IrregularFormat,
    string StructuredScheme, double? StructuredRate, double? StructuredAccuracy, double? StructuredAccuracySd, int StructuredSeeds, double? StructuredStorageBits,
    string Status, string Winner, double? Margin, bool? BeyondSeedSpread, double? IrregularStorageSd = null, double? StructuredStorageSd = null,
    string NmScheme = "", double? NmRate = null, double? NmAccuracy = null, int NmSeeds = 0, double? NmStorageBits = null);

public static class StudyPairs
{
    public const string BothWithin = "both within";

    public static List<StoragePair> Build(IEnumerable<VerdictRow> verdict)
    {
        var pairs = new List<StoragePair>();
        foreach (var cell in verdict.GroupBy(r => (r.Dataset, r.Bits, r.TolerancePoints)))
        {
            var within = cell.Where(r => r.StorageBits is not null).ToList();
            var irr = within.FirstOrDefault(r => PruningSchemes.StructureOf(r.Scheme) == SchemeStructure.NonStructured);
            var structured = within.Where(r => PruningSchemes.StructureOf(r.Scheme) == SchemeStructure.Structured).MinBy(r => r.StorageBits);
            var nm = within.Where(r => PruningSchemes.StructureOf(r.Scheme) == SchemeStructure.SemiStructured).MinBy(r => r.StorageBits);
            var dense = cell.First().DenseAccuracy;
            string status = (irr, structured) switch
            {
                (not null, not null) => BothWithin,
                (not null, null) => "only irregular within",
                (null, not null) => $"only {structured.Scheme} within",
                _ => "none within",
            };
            string winner = ""; double? margin = null; bool? beyond = null;
            if (irr is not null && structured is not null)
            {
                bool irrWins = irr.StorageBits!.Value < structured.StorageBits!.Value;
                winner = irrWins ? "irregular" : structured.Scheme;
                double lo = Math.Min(irr.StorageBits.Value, structured.StorageBits.Value), hi = Math.Max(irr.StorageBits.Value, structured.StorageBits.Value);
                margin = hi / lo;
                beyond = StudyStats.Beyond(hi - lo, irr.StorageSd, structured.StorageSd);
            }
            pairs.Add(new StoragePair(cell.Key.Dataset, cell.Key.Bits, cell.Key.TolerancePoints, dense,
                irr?.Rate, irr?.Accuracy, irr?.AccuracySd, irr?.Seeds ?? 0, irr?.StorageBits, irr?.StorageFormat ?? "",
                structured?.Scheme ?? "", structured?.Rate, structured?.Accuracy, structured?.AccuracySd, structured?.Seeds ?? 0, structured?.StorageBits,
                status, winner, margin, beyond, irr?.StorageSd, structured?.StorageSd,
                nm?.Scheme ?? "", nm?.Rate, nm?.Accuracy, nm?.Seeds ?? 0, nm?.StorageBits));
        }
        return [.. pairs.OrderBy(p => p.Dataset, StringComparer.Ordinal).ThenByDescending(p => p.Bits).ThenBy(p => p.TolerancePoints)];
    }

    public static DataFrame Frame(IEnumerable<StoragePair> pairs) => ReproFrames.From(pairs.Select(p => new Dictionary<string, object?>
    {
        ["dataset"] = p.Dataset, ["bits"] = StudyStats.BitsLabel(p.Bits), ["within_points"] = p.TolerancePoints, ["dense_accuracy"] = p.DenseAccuracy,
        ["irregular_rate"] = p.IrregularRate, ["irregular_accuracy"] = p.IrregularAccuracy, ["irregular_accuracy_sd"] = p.IrregularAccuracySd,
        ["irregular_seeds"] = (double)p.IrregularSeeds, ["irregular_bits"] = p.IrregularStorageBits, ["irregular_format"] = p.IrregularFormat,
        ["structured_scheme"] = p.StructuredScheme, ["structured_rate"] = p.StructuredRate, ["structured_accuracy"] = p.StructuredAccuracy,
        ["structured_accuracy_sd"] = p.StructuredAccuracySd, ["structured_seeds"] = (double)p.StructuredSeeds, ["structured_bits"] = p.StructuredStorageBits,
        ["status"] = p.Status, ["stores_less"] = p.Winner, ["factor"] = p.Margin,
        ["beyond_seed_spread"] = p.BeyondSeedSpread is { } b ? (b ? "yes" : "no") : p.Margin is null ? "" : "one seed: no sd",
        ["nm_scheme"] = p.NmScheme, ["nm_rate"] = p.NmRate, ["nm_accuracy"] = p.NmAccuracy, ["nm_seeds"] = (double)p.NmSeeds, ["nm_bits"] = p.NmStorageBits,
    }));
}
