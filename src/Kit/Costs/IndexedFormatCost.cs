namespace Kit.Costs;

/// <summary>
/// The cost of a relative-index format (relative, CSR, CSC) at one index width. JSON fields:
/// index_bits (k), fillers, entries (= nnz + fillers), pointer_bits (0 for the whole-layer format),
/// total_bits, bits_per_nonzero (total_bits / nnz), p_eq (dense bits / total_bits; set by the report).
/// </summary>
internal sealed record IndexedFormatCost : FormatCost, IEntryCounts
{
    public int IndexBits { get; init; }
    public long Fillers { get; init; }
    public long Entries { get; init; }
    public long PointerBits { get; init; }
    public double BitsPerNonzero { get; init; }
}

/// <summary>The exact search over k = 1..16 shared by the relative-index formats.</summary>
internal static class IndexWidthSearch
{
    /// <summary>
    /// Evaluates <paramref name="costAt"/> for every k in 1..16 and returns the cheapest; ties go to the
    /// smaller k (fewer bits per entry, so fewer bits wasted if the layer is later pruned further).
    /// </summary>
    public static IndexedFormatCost Best(Func<int, IndexedFormatCost> costAt)
    {
        IndexedFormatCost? best = null;
        for (int k = 1; k <= GapHistogram.MaxIndexBits; k++)
        {
            var c = costAt(k);
            if (best is null || c.TotalBits < best.TotalBits) best = c;
        }
        return best!;
    }

    public static IndexedFormatCost[] All(Func<int, IndexedFormatCost> costAt) =>
        Enumerable.Range(1, GapHistogram.MaxIndexBits).Select(costAt).ToArray();

    internal static IndexedFormatCost Make(int k, int bits, long nnz, long fillers, long pointerBits)
    {
        long entries = nnz + fillers;
        long total = entries * (bits + k) + pointerBits;
        return new IndexedFormatCost
        {
            IndexBits = k,
            Fillers = fillers,
            Entries = entries,
            PointerBits = pointerBits,
            TotalBits = total,
            BitsPerNonzero = nnz == 0 ? 0 : (double)total / nnz,
        };
    }

    internal static void CheckBits(int bits)
    {
        if (bits < 1 || bits > 32) throw new KitException($"bits per stored value must be in 1..32, got {bits}");
    }
}
