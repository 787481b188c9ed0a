namespace Kit.Costs;

/// <summary>
/// Relative index over the whole layer (Deep Compression / EIE style), row-major traversal.
/// <list type="bullet">
/// <item>The R x C matrix is flattened row-major; the nonzeros are visited at positions pos_0 &lt; pos_1 &lt; ...
/// (pos = row * C + column).</item>
/// <item>Entry j stores its value (b bits) and its gap g_j = pos_j - pos_(j-1), with pos_(-1) = -1, so every gap is &gt;= 1.</item>
/// <item>A k-bit gap field holds the gaps 1..2^k (field value = gap - 1).</item>
/// <item>A gap g &gt; 2^k is bridged by floor((g-1)/2^k) filler entries (value 0, gap 2^k), each advancing 2^k,
/// after which the real entry's gap, g - fillers*2^k, lies in 1..2^k.</item>
/// <item>Zeros after the last nonzero are not encoded (the layer size is known).</item>
/// <item>bits(k) = (nnz + fillers(k)) * (b + k); there are no pointers.</item>
/// <item>k is chosen per layer by exact search over 1..16 (see <see cref="IndexWidthSearch.Best"/>).</item>
/// </list>
/// </summary>
internal sealed class RelativeIndexFormat : IStorageFormat
{
    public string Name => "relative";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.Default;
    public FormatCost? Cost(CostLayer layer, int bits) => Best(layer.Mask, bits);

    public static GapHistogram Gaps(LayerMask mask)
    {
        var h = new GapHistogram();
        long prev = -1;
        foreach (var p in mask.Nonzero)
        {
            h.Add(p - prev);
            prev = p;
        }
        return h;
    }

    public static IndexedFormatCost At(GapHistogram gaps, long[] fillers, int bits, int k) =>
        IndexWidthSearch.Make(k, bits, gaps.Count, fillers[k], 0);

    public static IndexedFormatCost Best(LayerMask mask, int bits)
    {
        IndexWidthSearch.CheckBits(bits);
        var g = Gaps(mask);
        var f = g.FillersByIndexBits();
        return IndexWidthSearch.Best(k => At(g, f, bits, k));
    }
}
