namespace Kit.Pruning;

/// <summary>
/// The serializable form of one layer's pruning set, in kept units (counts, not ratios): `keep` weights
/// (irregular), `rows`, `columns`, `channels`, or `rows` + `columns` (filter_column).
/// </summary>
public sealed record PruningSetSpec
{
    public PruningScheme Scheme { get; init; } = PruningScheme.Irregular;
    public int? Keep { get; init; }
    public int? Rows { get; init; }
    public int? Columns { get; init; }
    public int? Channels { get; init; }

    public IPruningSet Build(LayerGeometry g, string where = "pruning set") => Scheme switch
    {
        PruningScheme.Irregular => new IrregularSet(g, Need(Keep, "keep", where)),
        PruningScheme.Filter => new FilterSet(g, Need(Rows, "rows", where)),
        PruningScheme.Column => new ColumnSet(g, Need(Columns, "columns", where)),
        PruningScheme.Channel => new ChannelSet(g, Need(Channels, "channels", where)),
        PruningScheme.FilterColumn => new FilterColumnSet(g, Need(Rows, "rows", where), Need(Columns, "columns", where)),
        _ => throw new KitException($"{where}: unknown scheme {Scheme}"),
    };

    static int Need(int? v, string field, string where) =>
        v ?? throw new KitException($"{where}.{field} is required for this scheme");
}
