namespace Kit.Pruning;

/// <summary>Column (filter-shape) pruning: keep the <c>KeepColumns</c> GEMM columns W[:,c,kh,kw] of largest L2 norm.</summary>
internal sealed class ColumnSet : IPruningSet
{
    public ColumnSet(LayerGeometry geometry, int keepColumns)
    {
        if (keepColumns < 0 || keepColumns > geometry.Columns) throw new KitException($"column: keep_columns must be in 0..{geometry.Columns}, got {keepColumns}");
        Geometry = geometry;
        KeepColumns = keepColumns;
    }

    public LayerGeometry Geometry { get; }
    public int KeepColumns { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningSchemes.Get("column"), Columns = KeepColumns };

    public bool[] Support(ReadOnlySpan<float> w) =>
        GroupNorms.Block(Geometry, null, TopK.Select(GroupNorms.Columns(w, Geometry), KeepColumns));
}

/// <summary>Columns of the GEMM view (filter shapes).</summary>
internal sealed class ColumnScheme : PruningScheme
{
    public override string Name => "column";
    public override string Description => "column (structured)";
    public override IReadOnlyList<string> FractionFields => ["columns"];
    public override PruningSetSpec Dense(LayerGeometry g) => new() { Scheme = this, Columns = g.Columns };
    public override PruningSetSpec FromFractions(LayerKeep k, LayerGeometry g) => new() { Scheme = this, Columns = LayerKeep.Count(k.Columns!.Value, g.Columns) };
    public override PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast) => new() { Scheme = this, Columns = UnitsFor(budget, g.Rows, g.Columns) };
    public override long KeptWeights(PruningSetSpec s, LayerGeometry g) => (long)(s.Columns ?? g.Columns) * g.Rows;
    public override IPruningSet Build(PruningSetSpec s, LayerGeometry g, string where) => new ColumnSet(g, Need(s.Columns, "columns", where));
    public override string Describe(PruningSetSpec s, LayerGeometry g) => $"columns {s.Columns}/{g.Columns}";
}
