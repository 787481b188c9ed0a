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
/// <item>bits(k) = (nnz + fillers(k)) * (w(k) + k); there are no pointers. w(k) is the value width
/// (<see cref="ValueWidths"/>): b, or b + 1 when fillers(k) &gt; 0 and the layer's known nonzero values fill all 2^b codes.</item>
/// <item>k is chosen per layer by exact search over 1..16 (see <see cref="IndexWidthSearch.Best"/>).</item>
/// </list>
/// </summary>
internal sealed class RelativeIndexFormat : IStorageFormat
{
    public string Name => "relative";
    public FormatKind Kind => FormatKind.Sparse;
    public FormatSelection Selection => FormatSelection.Default;
    public FormatCost? Cost(CostLayer layer, int bits) => Best(layer.Mask, ValueWidths.Of(layer, bits));

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

    public static IndexedFormatCost At(GapHistogram gaps, long[] fillers, ValueWidths widths, int k) =>
        IndexWidthSearch.Make(k, widths, gaps.Count, fillers[k], 0);

    /// <summary>Values unknown (a mask only): b bits per value.</summary>
    public static IndexedFormatCost At(GapHistogram gaps, long[] fillers, int bits, int k) => At(gaps, fillers, ValueWidths.Nominal(bits), k);

    public static IndexedFormatCost Best(LayerMask mask, ValueWidths widths)
    {
        var g = Gaps(mask);
        var f = g.FillersByIndexBits();
        return IndexWidthSearch.Best(k => At(g, f, widths, k));
    }

    /// <summary>Values unknown (a mask only): b bits per value.</summary>
    public static IndexedFormatCost Best(LayerMask mask, int bits) => Best(mask, ValueWidths.Nominal(bits));
}
