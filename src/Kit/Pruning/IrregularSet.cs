namespace Kit.Pruning;

/// <summary>Non-structured pruning: keep the <c>Keep</c> weights of largest magnitude.</summary>
public sealed class IrregularSet : IPruningSet
{
    public IrregularSet(LayerGeometry geometry, int keep)
    {
        if (keep < 0 || keep > geometry.Count) throw new KitException($"irregular: keep must be in 0..{geometry.Count}, got {keep}");
        Geometry = geometry;
        Keep = keep;
    }

    public LayerGeometry Geometry { get; }
    public int Keep { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningScheme.Irregular, Keep = Keep };

    public bool[] Support(ReadOnlySpan<float> w)
    {
        var scores = new double[w.Length];
        for (int i = 0; i < w.Length; i++) scores[i] = Math.Abs(w[i]);
        return TopK.Select(scores, Keep);
    }
}
