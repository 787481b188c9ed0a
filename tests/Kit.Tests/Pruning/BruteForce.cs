using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>
/// The nearest point of a pruning set by enumerating every feasible support. It shares no code with the sets
/// it checks: subsets come from counting through bit patterns, blocks and distances are built here.
/// </summary>
public static class BruteForce
{
    public static IEnumerable<bool[]> Supports(PruningSetSpec spec, LayerGeometry g)
    {
        switch (spec.Scheme.Name)
        {
            case "irregular":
                foreach (var keep in Flags(g.Count, spec.Keep!.Value)) yield return keep;
                break;
            case "filter":
                foreach (var rows in Flags(g.Rows, spec.Rows!.Value)) yield return Block(g, rows, null);
                break;
            case "column":
                foreach (var cols in Flags(g.Columns, spec.Columns!.Value)) yield return Block(g, null, cols);
                break;
            case "channel":
                foreach (var ch in Flags(g.Channels, spec.Channels!.Value))
                    yield return Block(g, null, [.. Enumerable.Range(0, g.Columns).Select(c => ch[c / g.KernelElements])]);
                break;
            case "filter_column":
                foreach (var rows in Flags(g.Rows, spec.Rows!.Value))
                    foreach (var cols in Flags(g.Columns, spec.Columns!.Value))
                        yield return Block(g, rows, cols);
                break;
            default: throw new ArgumentException($"no brute force for {spec.Scheme.Name}");
        }
    }

    /// <summary>Every n-flag vector with exactly k set: every bit pattern below 2^n with k ones.</summary>
    public static IEnumerable<bool[]> Flags(int n, int k)
    {
        if (n > 24) throw new ArgumentException("too many patterns to enumerate");
        for (long bits = 0; bits < 1L << n; bits++)
            if (long.PopCount(bits) == k)
                yield return [.. Enumerable.Range(0, n).Select(i => (bits >> i & 1) == 1)];
    }

    /// <summary>Kept rows x kept columns of the row-major GEMM view (null: all).</summary>
    public static bool[] Block(LayerGeometry g, bool[]? rows, bool[]? cols)
    {
        var keep = new bool[g.Count];
        for (int r = 0; r < g.Rows; r++)
            for (int c = 0; c < g.Columns; c++)
                keep[r * g.Columns + c] = (rows?[r] ?? true) && (cols?[c] ?? true);
        return keep;
    }

    /// <summary>||w - P(w)||^2 for the projection with this support: the energy of the removed weights.</summary>
    public static double Distance(float[] w, bool[] keep)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) if (!keep[i]) s += (double)w[i] * w[i];
        return s;
    }

    public static double MinDistance(float[] w, PruningSetSpec spec, LayerGeometry g) =>
        Supports(spec, g).Min(s => Distance(w, s));
}
