namespace Kit.Costs;

/// <summary>
/// The cost of one layer in one format: total_bits, and p_eq = dense bits / total_bits (set by the report).
/// Formats with more to say (index width, fillers, kept rows...) derive from it; JSON writes the derived fields too.
/// </summary>
public abstract record FormatCost
{
    public long TotalBits { get; init; }
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
