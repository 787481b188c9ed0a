namespace Kit.Pruning;

/// <summary>
/// Kept fractions for one layer, in (0, 1]: `weights` (irregular), `rows` (filter), `columns` (column),
/// `channels` (channel), `rows` + `columns` (filter_column). Counts are round(fraction * units), at least 1.
/// </summary>
public sealed record LayerKeep
{
    public double? Weights { get; init; }
    public double? Rows { get; init; }
    public double? Columns { get; init; }
    public double? Channels { get; init; }

    public void Validate(PruningScheme scheme, string where)
    {
        Check(Weights, "weights"); Check(Rows, "rows"); Check(Columns, "columns"); Check(Channels, "channels");
        (string field, double? v)[] needed = scheme switch
        {
            PruningScheme.Irregular => [("weights", Weights)],
            PruningScheme.Filter => [("rows", Rows)],
            PruningScheme.Column => [("columns", Columns)],
            PruningScheme.Channel => [("channels", Channels)],
            _ => [("rows", Rows), ("columns", Columns)],
        };
        foreach (var (field, v) in needed)
            if (v is null) throw new KitException($"{where}.{field} is required for scheme {Json(scheme)}");

        void Check(double? v, string field)
        {
            if (v is { } x && !(x > 0 && x <= 1)) throw new KitException($"{where}.{field} must be a fraction in (0, 1], got {x}");
        }
    }

    internal static string Json(PruningScheme s) => s switch
    {
        PruningScheme.FilterColumn => "filter_column",
        _ => s.ToString().ToLowerInvariant(),
    };

    public static int Count(double fraction, int units) => Math.Clamp((int)Math.Round(fraction * units), 1, units);
}
