namespace Kit.Pruning;

/// <summary>
/// Squared L2 norms of the structured groups of a GEMM view. Squared norms rank the same as norms and
/// keep the sums exact enough that equal groups tie (and then the lower index wins).
/// </summary>
internal static class GroupNorms
{
    public static double[] Rows(ReadOnlySpan<float> w, LayerGeometry g, bool[]? columnMask = null)
    {
        var s = new double[g.Rows];
        for (int r = 0; r < g.Rows; r++)
            for (int c = 0; c < g.Columns; c++)
                if (columnMask is null || columnMask[c]) { double v = w[r * g.Columns + c]; s[r] += v * v; }
        return s;
    }

    public static double[] Columns(ReadOnlySpan<float> w, LayerGeometry g, bool[]? rowMask = null)
    {
        var s = new double[g.Columns];
        for (int r = 0; r < g.Rows; r++)
        {
            if (rowMask is not null && !rowMask[r]) continue;
            for (int c = 0; c < g.Columns; c++) { double v = w[r * g.Columns + c]; s[c] += v * v; }
        }
        return s;
    }

    public static double[] Channels(ReadOnlySpan<float> w, LayerGeometry g)
    {
        var cols = Columns(w, g);
        var s = new double[g.Channels];
        for (int c = 0; c < g.Columns; c++) s[c / g.KernelElements] += cols[c];
        return s;
    }

    /// <summary>Support of the block rows x columns.</summary>
    public static bool[] Block(LayerGeometry g, bool[]? rows, bool[]? columns)
    {
        var keep = new bool[g.Count];
        for (int r = 0; r < g.Rows; r++)
            if (rows is null || rows[r])
                for (int c = 0; c < g.Columns; c++)
                    keep[r * g.Columns + c] = columns is null || columns[c];
        return keep;
    }
}
