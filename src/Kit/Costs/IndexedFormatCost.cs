namespace Kit.Costs;

/// <summary>
/// The cost of a relative-index format (relative, CSR, CSC) at one index width. JSON fields:
/// index_bits (k), fillers, entries (= nnz + fillers), pointer_bits (0 for the whole-layer format),
/// total_bits, value_width (w), stores_zeros (fillers &gt; 0), bits_per_nonzero (total_bits / nnz),
/// p_eq (N*b / total_bits; set by the report).
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

    /// <summary>entries * (w + k) + pointer bits, where w is the layer's value width at this k: fillers are zero entries
    /// (<see cref="ValueWidths"/>), so the width can depend on k and the search weighs it.</summary>
    internal static IndexedFormatCost Make(int k, ValueWidths widths, long nnz, long fillers, long pointerBits)
    {
        long entries = nnz + fillers;
        int w = widths.For(fillers > 0);
        long total = entries * (w + k) + pointerBits;
        return new IndexedFormatCost
        {
            IndexBits = k,
            ValueWidth = w,
            StoresZeros = fillers > 0,
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
