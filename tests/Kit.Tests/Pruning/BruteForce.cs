using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>The nearest point of a pruning set by enumerating every feasible support.</summary>
public static class BruteForce
{
    public static IEnumerable<bool[]> Supports(PruningSetSpec spec, LayerGeometry g)
    {
        switch (spec.Scheme.Name)
        {
            case "irregular":
                foreach (var s in FilterColumnSet.Subsets(g.Count, spec.Keep!.Value))
                {
                    var keep = new bool[g.Count];
                    foreach (var i in s) keep[i] = true;
                    yield return keep;
                }
                break;
            case "filter":
                foreach (var rows in Flags(g.Rows, spec.Rows!.Value)) yield return GroupNorms.Block(g, rows, null);
                break;
            case "column":
                foreach (var cols in Flags(g.Columns, spec.Columns!.Value)) yield return GroupNorms.Block(g, null, cols);
                break;
            case "channel":
                foreach (var ch in Flags(g.Channels, spec.Channels!.Value))
                    yield return GroupNorms.Block(g, null, Enumerable.Range(0, g.Columns).Select(c => ch[c / g.KernelElements]).ToArray());
                break;
            case "filter_column":
                foreach (var rows in Flags(g.Rows, spec.Rows!.Value))
                    foreach (var cols in Flags(g.Columns, spec.Columns!.Value))
                        yield return GroupNorms.Block(g, rows, cols);
                break;
        }
    }

    static IEnumerable<bool[]> Flags(int n, int k)
    {
        foreach (var s in FilterColumnSet.Subsets(n, k))
        {
            var f = new bool[n];
            foreach (var i in s) f[i] = true;
            yield return f;
        }
    }

    public static double MinDistance(float[] w, PruningSetSpec spec, LayerGeometry g) =>
        Supports(spec, g).Min(s => PruningTensors.SquaredDistance(w, PruningTensors.ApplySupport(w, s)));
}
