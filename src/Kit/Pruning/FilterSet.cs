namespace Kit.Pruning;

/// <summary>Filter pruning: keep the <c>KeepRows</c> rows of the GEMM view (filters / FC outputs) of largest L2 norm.</summary>
public sealed class FilterSet : IPruningSet
{
    public FilterSet(LayerGeometry geometry, int keepRows)
    {
        if (keepRows < 0 || keepRows > geometry.Rows) throw new KitException($"filter: keep_rows must be in 0..{geometry.Rows}, got {keepRows}");
        Geometry = geometry;
        KeepRows = keepRows;
    }

    public LayerGeometry Geometry { get; }
    public int KeepRows { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningScheme.Filter, Rows = KeepRows };

    public bool[] Support(ReadOnlySpan<float> w) =>
        GroupNorms.Block(Geometry, TopK.Select(GroupNorms.Rows(w, Geometry), KeepRows), null);
}
