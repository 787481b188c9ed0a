namespace Kit.Costs;

/// <summary>
/// Compressed sparse rows with relative column indices.
/// <list type="bullet">
/// <item>Each row is encoded on its own: its nonzeros in increasing column order, entry j storing its value
/// (b bits) and the gap g_j = col_j - col_(j-1), with col_(-1) = -1 restarting at every row, so g &gt;= 1
/// (the first entry of a row stores col + 1).</item>
/// <item>Gaps above 2^k are bridged by floor((g-1)/2^k) filler entries (value 0) exactly as in
/// <see cref="RelativeIndexFormat"/>; fillers never cross a row boundary.</item>
/// <item>A pointer array of R + 1 entries gives where each row starts in the entry stream (0 and
/// entries included); each pointer has w = ceil(log2(entries + 1)) bits, the width that holds the
/// largest pointer value, entries (w = 0 when there are no entries).</item>
/// <item>bits(k) = entries(k) * (v(k) + k) + (R + 1) * w(k), entries(k) = nnz + fillers(k), v(k) the value width
/// (<see cref="ValueWidths"/>): b, or b + 1 when fillers(k) &gt; 0 and the known nonzero values fill all 2^b codes.</item>
/// <item>k is chosen per layer by exact search over 1..16 of bits(k), pointer width included.</item>
/// </list>
/// </summary>
internal sealed class CsrFormat : IStorageFormat
{
    public string Name => "csr";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.Default;
    public FormatCost? Cost(CostLayer layer, int bits) => Best(layer.Mask, ValueWidths.Of(layer, bits));

    public static GapHistogram Gaps(LayerMask mask)
    {
        var h = new GapHistogram();
        int cols = mask.Columns, row = -1, prev = -1;
        foreach (var p in mask.Nonzero)
        {
            int r = p / cols, c = p - r * cols;
            if (r != row) { row = r; prev = -1; }
            h.Add(c - prev);
            prev = c;
        }
        return h;
    }

    public static int PointerWidth(long entries) => GapHistogram.BitLength(entries);

    public static IndexedFormatCost At(GapHistogram gaps, long[] fillers, ValueWidths widths, int k, int pointers)
    {
        long entries = gaps.Count + fillers[k];
        return IndexWidthSearch.Make(k, widths, gaps.Count, fillers[k], (long)pointers * PointerWidth(entries));
    }

    /// <summary>Values unknown (a mask only): b bits per value.</summary>
    public static IndexedFormatCost At(GapHistogram gaps, long[] fillers, int bits, int k, int pointers) =>
        At(gaps, fillers, ValueWidths.Nominal(bits), k, pointers);

    public static IndexedFormatCost Best(LayerMask mask, ValueWidths widths)
    {
        var g = Gaps(mask);
        var f = g.FillersByIndexBits();
        return IndexWidthSearch.Best(k => At(g, f, widths, k, mask.Rows + 1));
    }

    /// <summary>Values unknown (a mask only): b bits per value.</summary>
    public static IndexedFormatCost Best(LayerMask mask, int bits) => Best(mask, ValueWidths.Nominal(bits));
}
