using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// Per-row level tables of one layer (docs/model-files.md, "Row levels"): a model quantized with one level table per
/// filter (`quantize.granularity: filter`) has few magnitudes per row but many across the layer (a binary fc1: one
/// +-a per row, 1,000 values in all), so a shared table would need wide codes. Instead each row lists its magnitudes
/// (<see cref="PerRow"/> float32, ascending) and a stored value is a signed canonical index: the value +-i (as float)
/// stands for +-(row's magnitude i). The formats encode the canonical values with the usual shared level table
/// (at most 2 * PerRow of them), so every codec works unchanged, and decoding maps them back exactly.
/// </summary>
public sealed class RowLevels
{
    RowLevels(int perRow, float[] magnitudes) => (PerRow, Magnitudes) = (perRow, magnitudes);

    /// <summary>Magnitudes per row (the most distinct |value| any row holds; shorter rows are padded, see <see cref="Of"/>).</summary>
    public int PerRow { get; }

    /// <summary>Row r's magnitudes are [r * PerRow, (r + 1) * PerRow), each strictly ascending, finite and positive.</summary>
    public float[] Magnitudes { get; }

    /// <summary>File bits of the tables: the u32 count and the float32 magnitudes.</summary>
    public long Bits => 32 + 32L * Magnitudes.Length;

    /// <summary>
    /// The row tables of a layer and its values as canonical indices, or null when they would not make the layer's
    /// section smaller than a shared table (nor than raw float32): the codes narrow from ceil(log2 d) to
    /// ceil(log2 2n) bits per value, for 32 bits per magnitude of every row. A model quantized per layer never gains
    /// (its rows hold no fewer distinct values than the layer), so its file is what it was without row levels.
    /// </summary>
    public static (RowLevels Levels, CostLayer Canonical)? Of(CostLayer layer)
    {
        var values = LayerValues.Nonzero(layer);
        var mask = layer.Mask;
        if (values.Length == 0) return null;
        var rowSets = new SortedSet<float>[mask.Rows];
        for (int r = 0; r < mask.Rows; r++) rowSets[r] = [];
        var shared = new HashSet<int>();
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return null;
            rowSets[mask.Nonzero[i] / mask.Columns].Add(Math.Abs(values[i]));
            shared.Add(BitConverter.SingleToInt32Bits(values[i]));
        }
        int n = rowSets.Max(s => s.Count);
        long nnz = values.Length;
        long sharedBits = Math.Min(nnz * CodeBits(shared.Count) + 32L * shared.Count, 32 * nnz);
        long rowBits = nnz * CodeBits(2 * n) + 32L * (2 * n) + 32 + 32L * mask.Rows * n;
        if (rowBits >= sharedBits) return null;

        var magnitudes = new float[mask.Rows * n];
        var index = new Dictionary<float, int>[mask.Rows];
        for (int r = 0; r < mask.Rows; r++)
        {
            index[r] = [];
            int k = 0;
            foreach (var m in rowSets[r]) { index[r][m] = k + 1; magnitudes[r * n + k++] = m; }
            // Padding: unused magnitudes above the row's largest, kept strictly ascending and positive.
            float last = k > 0 ? magnitudes[r * n + k - 1] : 0f;
            for (; k < n; k++) magnitudes[r * n + k] = last = MathF.BitIncrement(last);
        }
        var canonical = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            canonical[i] = MathF.CopySign(index[mask.Nonzero[i] / mask.Columns][Math.Abs(values[i])], values[i]);
        return (new RowLevels(n, magnitudes), layer with { Values = canonical });
    }

    /// <summary>Bits of a code that tells <paramref name="count"/> values apart (at least 1).</summary>
    static int CodeBits(long count) => Math.Max(1, (int)Math.Ceiling(Math.Log2(Math.Max(2, count))));

    internal void Write(ByteSink sink)
    {
        sink.U32((uint)PerRow);
        foreach (var m in Magnitudes) sink.F32(m);
    }

    /// <summary>Reads the tables of a layer of <paramref name="rows"/> rows; <see cref="InvalidDataException"/> names what is wrong.</summary>
    internal static RowLevels Read(ByteCursor c, int rows)
    {
        long n = c.U32("row level count");
        if (n < 1 || rows * n > c.Left / 4) throw new InvalidDataException($"{n} row levels per row do not fit in the rest of the file");
        var m = c.F32s(rows * n, "row levels");
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < n; k++)
            {
                float v = m[r * n + k];
                if (!float.IsFinite(v) || v <= 0) throw new InvalidDataException($"row {r} level {k} is {v} (row levels are finite and positive)");
                if (k > 0 && !(v > m[r * n + k - 1])) throw new InvalidDataException($"row {r}'s levels are not strictly ascending at level {k}");
            }
        return new RowLevels((int)n, m);
    }

    /// <summary>
    /// Maps decoded canonical values of a row-major R x C layer back to the rows' magnitudes, in place. Every decoded
    /// value comes from the section's level table, which <see cref="CheckCanonical"/> has checked.
    /// </summary>
    public void Restore(float[] weights, int columns)
    {
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] != 0) weights[i] = MathF.CopySign(Magnitudes[i / columns * PerRow + (int)MathF.Abs(weights[i]) - 1], weights[i]);
    }

    /// <summary>Whether the canonical level table a section lists is one row levels can hold (+-1..+-PerRow, integers).</summary>
    public void CheckCanonical(float[] levels)
    {
        foreach (var l in levels)
            if (MathF.Abs(l) != MathF.Round(MathF.Abs(l)) || MathF.Abs(l) > PerRow)
                throw new InvalidDataException($"level {l} is not a row level index (+-1..+-{PerRow})");
    }
}
