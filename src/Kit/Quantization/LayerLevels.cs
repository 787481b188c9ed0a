namespace Kit.Quantization;

/// <summary>
/// The level tables of one layer: one shared table (<see cref="QuantGranularity.Layer"/>), or one per output row
/// (<see cref="QuantGranularity.Filter"/>), each fitted on that row's kept weights alone. The projection onto the
/// per-row set is the per-row projection: the rows' sets are independent, so the nearest point splits by row.
/// </summary>
public sealed record LayerLevels(QuantLevels[] Rows)
{
    public bool PerRow => Rows.Length > 1;

    /// <summary>
    /// Fits the layer's levels on the kept entries of <paramref name="w"/> (row-major, <paramref name="rows"/> rows;
    /// without a mask the nonzeros are kept). A row with nothing kept gets the quantizer's empty-set levels.
    /// </summary>
    public static LayerLevels Fit(IQuantizer quantizer, ReadOnlySpan<float> w, ReadOnlySpan<float> mask, int rows, QuantGranularity granularity)
    {
        if (granularity == QuantGranularity.Layer) return new([quantizer.Fit(Kept(w, mask))]);
        if (rows < 1 || w.Length % rows != 0) throw new ArgumentException($"{w.Length} weights do not split into {rows} rows");
        int cols = w.Length / rows;
        var tables = new QuantLevels[rows];
        for (int r = 0; r < rows; r++)
            tables[r] = quantizer.Fit(Kept(w.Slice(r * cols, cols), mask.IsEmpty ? mask : mask.Slice(r * cols, cols)));
        return new(tables);
    }

    /// <summary>Snaps every kept entry onto its row's levels (pruned entries stay 0; see <see cref="QuantLevels.Snap(ReadOnlySpan{float}, ReadOnlySpan{float})"/>).</summary>
    public float[] Snap(ReadOnlySpan<float> w, ReadOnlySpan<float> mask)
    {
        if (!PerRow) return Rows[0].Snap(w, mask);
        int cols = w.Length / Rows.Length;
        var r = new float[w.Length];
        for (int i = 0; i < Rows.Length; i++)
            Rows[i].Snap(w.Slice(i * cols, cols), mask.IsEmpty ? mask : mask.Slice(i * cols, cols)).CopyTo(r, i * cols);
        return r;
    }

    static float[] Kept(ReadOnlySpan<float> w, ReadOnlySpan<float> mask)
    {
        var list = new List<float>(w.Length);
        for (int i = 0; i < w.Length; i++)
            if (mask.IsEmpty ? w[i] != 0 : mask[i] != 0) list.Add(w[i]);
        return [.. list];
    }
}
