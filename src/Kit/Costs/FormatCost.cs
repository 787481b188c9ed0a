namespace Kit.Costs;

/// <summary>
/// The cost of one layer in one format: total_bits; value_width, the bits of each stored value code (the report's
/// nominal b, or b + 1 where the encoding holds zero entries and the layer's nonzero values fill all 2^b codes, see
/// <see cref="ValueWidths"/>); stores_zeros, whether this encoding of the layer holds a zero entry (a filler, a pruned
/// weight stored densely, a padding slot, a zero inside a kept block); and p_eq = N*b / total_bits (set by the report).
/// Formats with more to say (index width, fillers, kept rows...) derive from it; JSON writes the derived fields too.
/// </summary>
public abstract record FormatCost
{
    public long TotalBits { get; init; }
    public int ValueWidth { get; init; }
    public bool StoresZeros { get; init; }
    public double? PEq { get; init; }
}

/// <summary>A format whose cost is one number (dense, bitmask).</summary>
internal sealed record BitsCost : FormatCost;

/// <summary>Formats that store an entry stream: entries = nonzeros + fillers, plus pointer bits (summed in the totals).</summary>
internal interface IEntryCounts
{
    long Fillers { get; }
    long Entries { get; }
    long PointerBits { get; }
}
