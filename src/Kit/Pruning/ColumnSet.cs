namespace Kit.Pruning;

/// <summary>Column (filter-shape) pruning: keep the <c>KeepColumns</c> GEMM columns W[:,c,kh,kw] of largest L2 norm.</summary>
public sealed class ColumnSet : IPruningSet
{
    public ColumnSet(LayerGeometry geometry, int keepColumns)
    {
        if (keepColumns < 0 || keepColumns > geometry.Columns) throw new KitException($"column: keep_columns must be in 0..{geometry.Columns}, got {keepColumns}");
        Geometry = geometry;
        KeepColumns = keepColumns;
    }

    public LayerGeometry Geometry { get; }
    public int KeepColumns { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningScheme.Column, Columns = KeepColumns };

    public bool[] Support(ReadOnlySpan<float> w) =>
        GroupNorms.Block(Geometry, null, TopK.Select(GroupNorms.Columns(w, Geometry), KeepColumns));
}
