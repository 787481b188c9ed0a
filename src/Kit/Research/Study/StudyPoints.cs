using Kit.Charts;
using Microsoft.Data.Analysis;

namespace Kit.Research.Study;

/// <summary>
/// One experiment of the study (a dataset, scheme, method, rate and bit width), over its published seeds: mean rate, mean
/// test accuracy and its sd, mean stored bits (cheapest exact format, as the verdict counts them) and its sd, and whether it
/// lies on its scheme's Pareto front at this dataset and bit width, for accuracy vs rate and for accuracy vs stored bits.
/// </summary>
public sealed record StudyPoint(string Dataset, int Bits, string Scheme, string Method, string Experiment, int Seeds,
    double Rate, double Accuracy, double? AccuracySd, double StoredBits, double? StoredBitsSd, string Format,
    bool OnRateFront, bool OnBitsFront, string Runs);

/// <summary>RQ2 from the committed study: <see cref="StudyPoint"/>s and their Pareto fronts.</summary>
public static class StudyPoints
{
    public static List<StudyPoint> Build(IEnumerable<StudyRunDetail> runs)
    {
        var points = runs.GroupBy(r => r.Experiment).Select(g =>
        {
            var rs = g.OrderBy(r => r.Run.Seed).ToList();
            var first = rs[0].Run;
            return new StudyPoint(first.Dataset, first.Bits, first.Scheme, first.Method, g.Key, rs.Count,
                rs.Average(r => r.Run.Rate), rs.Average(r => r.Run.Accuracy), StudyStats.Sd(rs.Select(r => r.Run.Accuracy)),
                rs.Average(r => (double)r.Run.StorageBits), StudyStats.Sd(rs.Select(r => (double)r.Run.StorageBits)),
                rs.GroupBy(r => r.Run.StorageFormat).OrderByDescending(f => f.Count()).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key,
                false, false, string.Join(";", rs.Select(r => r.Run.Folder)));
        }).ToList();
        var result = new List<StudyPoint>();
        foreach (var group in points.GroupBy(p => (p.Dataset, p.Bits, p.Scheme)))
        {
            var ps = group.ToList();
            var rate = RateFront(ps.Select(p => (p.Rate, p.Accuracy)).ToList()).ToHashSet();
            var bits = BitsFront(ps.Select(p => (p.StoredBits, p.Accuracy)).ToList()).ToHashSet();
            result.AddRange(ps.Select((p, i) => p with { OnRateFront = rate.Contains(i), OnBitsFront = bits.Contains(i) }));
        }
        return [.. result.OrderBy(p => p.Dataset, StringComparer.Ordinal).ThenByDescending(p => p.Bits).ThenBy(p => p.Scheme, StringComparer.Ordinal)
            .ThenBy(p => p.Rate).ThenBy(p => p.Method, StringComparer.Ordinal)];
    }

    /// <summary>Indices of the points no other point beats in both rate (higher) and accuracy (higher), by increasing rate.</summary>
    public static int[] RateFront(IReadOnlyList<(double Rate, double Accuracy)> points) =>
        Pareto2D.Front(points.Select(p => p.Rate).ToList(), points.Select(p => p.Accuracy).ToList());

    /// <summary>Indices of the points with the highest accuracy for at most their stored bits (fewer bits and higher accuracy both better), by decreasing bits.</summary>
    public static int[] BitsFront(IReadOnlyList<(double Bits, double Accuracy)> points) =>
        Pareto2D.Front(points.Select(p => -p.Bits).ToList(), points.Select(p => p.Accuracy).ToList());

    public static DataFrame Frame(IEnumerable<StudyPoint> points) => ReproFrames.From(points.Select(p => new Dictionary<string, object?>
    {
        ["dataset"] = p.Dataset, ["bits"] = StudyStats.BitsLabel(p.Bits), ["scheme"] = p.Scheme, ["method"] = p.Method, ["seeds"] = (double)p.Seeds,
        ["rate"] = p.Rate, ["accuracy"] = p.Accuracy, ["accuracy_sd"] = p.AccuracySd,
        ["stored_bits"] = p.StoredBits, ["stored_bits_sd"] = p.StoredBitsSd, ["stored_kib"] = p.StoredBits / 8192, ["format"] = p.Format,
        ["on_rate_front"] = p.OnRateFront, ["on_bits_front"] = p.OnBitsFront, ["experiment"] = p.Experiment, ["runs"] = p.Runs,
    }));
}
