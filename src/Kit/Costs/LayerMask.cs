namespace Kit.Costs;

/// <summary>
/// Which weights of one layer survive, in the layer's GEMM view: <see cref="Rows"/> x <see cref="Columns"/>
/// (rows = filters/outputs, columns = C*Kh*Kw inputs), with the surviving weights given as flat row-major
/// indices (index = row * Columns + column), strictly increasing.
///
/// Only the positions matter to the storage formats; values (when known) are carried separately by the
/// callers that need them (Huffman on values).
/// </summary>
public sealed class LayerMask
{
    public string Name { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Flat row-major indices of the nonzero weights, strictly increasing, each in [0, Rows*Columns).</summary>
    public int[] Nonzero { get; }

    public long Weights => (long)Rows * Columns;
    public int Nnz => Nonzero.Length;
    public double Density => (double)Nnz / Weights; // the constructor guarantees Weights >= 1

    /// <summary>Validates and wraps the indices (no copy: the caller gives up ownership of the array).</summary>
    public LayerMask(string name, int rows, int columns, int[] nonzero)
    {
        Name = string.IsNullOrEmpty(name) ? "layer" : name;
        if (rows < 1 || columns < 1)
            throw new KitException($"mask '{Name}': shape must be two positive sizes [rows, columns], got [{rows}, {columns}]");
        // Flat indices are int: a single layer above 2^31-1 weights is far beyond every kit model.
        if ((long)rows * columns > int.MaxValue)
            throw new KitException($"mask '{Name}': shape [{rows}, {columns}] has more than {int.MaxValue} weights");
        ArgumentNullException.ThrowIfNull(nonzero);
        long n = (long)rows * columns;
        for (int i = 0; i < nonzero.Length; i++)
        {
            int v = nonzero[i];
            if (v < 0 || v >= n)
                throw new KitException($"mask '{Name}': nonzero[{i}] = {v} is out of range for shape [{rows}, {columns}] (valid: 0..{n - 1})");
            if (i > 0 && v <= nonzero[i - 1])
                throw new KitException(v == nonzero[i - 1]
                    ? $"mask '{Name}': nonzero[{i}] = {v} is a duplicate (indices must be strictly increasing)"
                    : $"mask '{Name}': nonzero[{i}] = {v} follows {nonzero[i - 1]} (indices must be sorted, strictly increasing)");
        }
        Rows = rows;
        Columns = columns;
        Nonzero = nonzero;
    }

    /// <summary>Mask of the nonzero entries of a row-major R x C weight buffer.</summary>
    public static LayerMask FromDense(string name, int rows, int columns, ReadOnlySpan<float> weights)
    {
        if (weights.Length != (long)rows * columns)
            throw new KitException($"mask '{name}': {weights.Length} weights do not match shape [{rows}, {columns}]");
        int count = 0;
        foreach (var w in weights) if (w != 0) count++;
        var idx = new int[count];
        int j = 0;
        for (int i = 0; i < weights.Length; i++) if (weights[i] != 0) idx[j++] = i;
        return new LayerMask(name, rows, columns, idx);
    }

    /// <summary>
    /// A uniformly random mask with exactly <paramref name="nnz"/> nonzeros (every subset equally likely),
    /// reproducible from the seed. Floyd's algorithm keeps it O(nnz) in time and memory.
    /// </summary>
    public static LayerMask Random(string name, int rows, int columns, int nnz, int seed)
    {
        long n = (long)rows * columns;
        if (nnz < 0 || nnz > n) throw new KitException($"mask '{name}': cannot draw {nnz} nonzeros from {n} weights");
        var rng = new System.Random(seed);
        int[] idx;
        if (nnz > n / 4)
        {
            // Dense draws: a partial Fisher-Yates over the index range is cheaper than hashing.
            var all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            for (int i = 0; i < nnz; i++)
            {
                int j = i + (int)rng.NextInt64(n - i);
                (all[i], all[j]) = (all[j], all[i]);
            }
            idx = all[..nnz];
        }
        else
        {
            var chosen = new HashSet<int>(nnz);
            for (long j = n - nnz; j < n; j++)
            {
                int t = (int)rng.NextInt64(j + 1);
                if (!chosen.Add(t)) chosen.Add((int)j);
            }
            idx = chosen.ToArray();
        }
        Array.Sort(idx);
        return new LayerMask(name, rows, columns, idx);
    }

    /// <summary>Nonzeros per row.</summary>
    public int[] RowCounts()
    {
        var c = new int[Rows];
        foreach (var i in Nonzero) c[i / Columns]++;
        return c;
    }

    /// <summary>Nonzeros per column.</summary>
    public int[] ColumnCounts()
    {
        var c = new int[Columns];
        foreach (var i in Nonzero) c[i % Columns]++;
        return c;
    }

    /// <summary>Row indices of the nonzeros in column-major order (column by column, rows increasing), and
    /// the start of each column in that list (length Columns + 1). A counting sort: O(nnz + Columns).</summary>
    public (int[] rowsInColumnOrder, int[] columnStart) ColumnMajor()
    {
        var start = new int[Columns + 1];
        foreach (var i in Nonzero) start[i % Columns + 1]++;
        for (int c = 0; c < Columns; c++) start[c + 1] += start[c];
        var next = (int[])start.Clone();
        var rows = new int[Nonzero.Length];
        // Row-major input visits rows in increasing order, so each column's list comes out sorted.
        foreach (var i in Nonzero) rows[next[i % Columns]++] = i / Columns;
        return (rows, start);
    }
}
