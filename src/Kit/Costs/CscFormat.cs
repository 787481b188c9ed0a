namespace Kit.Costs;

/// <summary>
/// Compressed sparse columns with relative row indices: <see cref="CsrFormat"/> applied to the transpose.
/// <list type="bullet">
/// <item>Each column is encoded on its own: its nonzeros in increasing row order, gap g_j = row_j - row_(j-1),
/// with row_(-1) = -1 restarting at every column.</item>
/// <item>Fillers: floor((g-1)/2^k) per gap, value 0, never crossing a column boundary.</item>
/// <item>C + 1 pointers of ceil(log2(entries + 1)) bits each.</item>
/// <item>bits(k) = entries(k) * (b + k) + (C + 1) * ceil(log2(entries(k) + 1)); k by exact search over 1..16.</item>
/// </list>
/// </summary>
internal sealed class CscFormat : IStorageFormat
{
    public string Name => "csc";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.Default;
    public FormatCost? Cost(CostLayer layer, int bits) => Best(layer.Mask, bits);

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

    public static IndexedFormatCost Best(LayerMask mask, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        var g = Gaps(mask);
        var f = g.FillersByIndexBits();
        return IndexWidthSearch.Best(k => At(g, f, bits, k, mask.Columns + 1));
    }
}
