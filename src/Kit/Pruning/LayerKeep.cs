namespace Kit.Pruning;

/// <summary>
/// Kept fractions for one layer, in (0, 1]: `weights` (irregular), `rows` (filter), `columns` (column),
/// `channels` (channel), `rows` + `columns` (filter_column); each scheme names the fields it needs.
/// Counts are round(fraction * units), at least 1.
/// </summary>
public sealed record LayerKeep
{
    public double? Weights { get; init; }
    public double? Rows { get; init; }
    public double? Columns { get; init; }
    public double? Channels { get; init; }

    /// <summary>The fraction of a JSON field name ("weights", "rows", "columns", "channels").</summary>
    public double? Fraction(string field) => field switch
    {
        "weights" => Weights,
        "rows" => Rows,
        "columns" => Columns,
        "channels" => Channels,
        _ => throw new ArgumentException($"LayerKeep has no field '{field}'", nameof(field)),
    };

    public void Validate(PruningScheme scheme, string where)
    {
        Check(Weights, "weights"); Check(Rows, "rows"); Check(Columns, "columns"); Check(Channels, "channels");
        scheme.ValidateFractions(this, where);

        void Check(double? v, string field)
        {
            if (v is { } x && !(x > 0 && x <= 1)) throw new KitException($"{where}.{field} must be a fraction in (0, 1], got {x}");
        }
    }

    public static int Count(double fraction, int units) => Math.Clamp((int)Math.Round(fraction * units), 1, units);
}
