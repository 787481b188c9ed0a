namespace Kit.Pruning;

/// <summary>What a weight tensor holds: nonzeros, surviving rows / columns / channels, distinct nonzero values.</summary>
public sealed record LayerStats(
    string Name, int[] Shape, long[] TensorShape, long Weights, long Nonzero, double Density,
    int KeptRows, int KeptColumns, int KeptChannels, int Levels, double[]? LevelValues)
{
    public const int MaxListedLevels = 256;

    public static LayerStats Of(string name, LayerGeometry g, long[] tensorShape, ReadOnlySpan<float> w)
    {
        g.Check(w.Length, name);
        var rows = new bool[g.Rows];
        var cols = new bool[g.Columns];
        var values = new HashSet<float>();
        long nnz = 0;
        for (int r = 0; r < g.Rows; r++)
            for (int c = 0; c < g.Columns; c++)
            {
                float v = w[r * g.Columns + c];
                if (v == 0) continue;
                nnz++; rows[r] = true; cols[c] = true;
                values.Add(v);
            }
        var channels = new bool[g.Channels];
        for (int c = 0; c < g.Columns; c++) if (cols[c]) channels[c / g.KernelElements] = true;
        int levels = values.Count;
        return new LayerStats(name, [g.Rows, g.Columns], tensorShape, g.Count, nnz, (double)nnz / g.Count,
            rows.Count(x => x), cols.Count(x => x), channels.Count(x => x), levels,
            levels <= MaxListedLevels ? [.. values.Select(v => (double)v).Order()] : null);
    }
}
