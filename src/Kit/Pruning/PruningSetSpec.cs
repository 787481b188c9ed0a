namespace Kit.Pruning;

/// <summary>
/// The serializable form of one layer's pruning set, in kept units (counts, not ratios): `keep` weights
/// (irregular), `rows`, `columns`, `channels`, or `rows` + `columns` (filter_column); N:M schemes need no count.
/// </summary>
public sealed record PruningSetSpec
{
    public PruningScheme Scheme { get; init; } = PruningSchemes.Irregular;
    public int? Keep { get; init; }
    public int? Rows { get; init; }
    public int? Columns { get; init; }
    public int? Channels { get; init; }

    public IPruningSet Build(LayerGeometry g, string where = "pruning set") => Scheme.Build(this, g, where);

    public long KeptWeights(LayerGeometry g) => Scheme.KeptWeights(this, g);

    public string Describe(LayerGeometry g) => Scheme.Describe(this, g);
}
