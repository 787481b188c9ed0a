namespace Kit.Costs;

/// <summary>
/// Compressed sparse columns with relative row indices: <see cref="CsrFormat"/> applied to the transpose.
/// <list type="bullet">
/// <item>Each column is encoded on its own: its nonzeros in increasing row order, gap g_j = row_j - row_(j-1),
/// with row_(-1) = -1 restarting at every column.</item>
/// <item>Fillers: floor((g-1)/2^k) per gap, value 0, never crossing a column boundary.</item>
/// <item>C + 1 pointers of ceil(log2(entries + 1)) bits each.</item>
/// <item>bits(k) = entries(k) * (v(k) + k) + (C + 1) * ceil(log2(entries(k) + 1)); k by exact search over 1..16;
/// v(k) the value width as in <see cref="CsrFormat"/>.</item>
/// </list>
/// </summary>
internal sealed class CscFormat : IStorageFormat
{
    public string Name => "csc";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.Default;
    public FormatCost? Cost(CostLayer layer, int bits) => Best(layer.Mask, ValueWidths.Of(layer, bits));

    public static GapHistogram Gaps(LayerMask mask)
    {
        var (rows, start) = mask.ColumnMajor();
        var h = new GapHistogram();
        for (int c = 0; c < mask.Columns; c++)
        {
            int prev = -1;
            for (int i = start[c]; i < start[c + 1]; i++)
            {
                h.Add(rows[i] - prev);
                prev = rows[i];
            }
        }
        return h;
    }

    public static IndexedFormatCost At(GapHistogram gaps, long[] fillers, int bits, int k, int pointers) =>
        CsrFormat.At(gaps, fillers, bits, k, pointers);

    public static IndexedFormatCost Best(LayerMask mask, ValueWidths widths)
    {
        var g = Gaps(mask);
        var f = g.FillersByIndexBits();
        return IndexWidthSearch.Best(k => CsrFormat.At(g, f, widths, k, mask.Columns + 1));
    }

    /// <summary>Values unknown (a mask only): b bits per value.</summary>
    public static IndexedFormatCost Best(LayerMask mask, int bits) => Best(mask, ValueWidths.Nominal(bits));
}
