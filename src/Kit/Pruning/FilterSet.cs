namespace Kit.Pruning;

/// <summary>Filter pruning: keep the <c>KeepRows</c> rows of the GEMM view (filters / FC outputs) of largest L2 norm.</summary>
internal sealed class FilterSet : IPruningSet
{
    public FilterSet(LayerGeometry geometry, int keepRows)
    {
        if (keepRows < 0 || keepRows > geometry.Rows) throw new KitException($"filter: keep_rows must be in 0..{geometry.Rows}, got {keepRows}");
        Geometry = geometry;
        KeepRows = keepRows;
    }

    public LayerGeometry Geometry { get; }
    public int KeepRows { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningSchemes.Get("filter"), Rows = KeepRows };

    public bool[] Support(ReadOnlySpan<float> w) =>
        GroupNorms.Block(Geometry, TopK.Select(GroupNorms.Rows(w, Geometry), KeepRows), null);
}

/// <summary>Rows of the GEMM view (filters, FC output neurons). The last layer's rows are the classes: it stays dense.</summary>
internal sealed class FilterScheme : PruningScheme
{
    public override string Name => "filter";
    public override string Description => "filter (structured)";
    public override IReadOnlyList<string> FractionFields => ["rows"];
    public override PruningSetSpec Dense(LayerGeometry g) => new() { Scheme = this, Rows = g.Rows };
    public override PruningSetSpec FromFractions(LayerKeep k, LayerGeometry g) => new() { Scheme = this, Rows = LayerKeep.Count(k.Rows!.Value, g.Rows) };
    public override PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast) => new() { Scheme = this, Rows = UnitsFor(budget, g.Columns, g.Rows) };
    public override PruningSetSpec? Fixed(LayerGeometry g, bool isLast) => isLast ? Dense(g) : null;
    public override long KeptWeights(PruningSetSpec s, LayerGeometry g) => (long)(s.Rows ?? g.Rows) * g.Columns;
    public override IPruningSet Build(PruningSetSpec s, LayerGeometry g, string where) => new FilterSet(g, Need(s.Rows, "rows", where));
    public override string Describe(PruningSetSpec s, LayerGeometry g) => $"rows {s.Rows}/{g.Rows}";
}
