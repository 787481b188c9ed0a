using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kit.Costs;

/// <summary>
/// A float32 CSR matrix (values, column indices, row pointers) for the measured sparse-vs-dense comparison.
/// Indices are plain 32-bit integers: the kernel measures the cost of irregular access, not of decoding
/// packed k-bit fields (the compute model's t_idx absorbs whatever index handling the kernel does).
/// </summary>
internal sealed class CsrMatrix
{
    public int Rows { get; }
    public int Columns { get; }
    public float[] Values { get; }
    public int[] ColumnIndex { get; }
    public int[] RowStart { get; }
    public int Nnz => Values.Length;

    /// <summary>Distinct columns that hold a nonzero, increasing; <see cref="PackedColumnIndex"/> gives each nonzero's
    /// position in this list (the row of the packed X block it reads).</summary>
    public int[] UsedColumns { get; }
    public int[] PackedColumnIndex { get; }

    public CsrMatrix(LayerMask mask, ReadOnlySpan<float> values)
    {
        if (values.Length != mask.Nnz) throw new ArgumentException($"{values.Length} values for {mask.Nnz} nonzeros");
        Rows = mask.Rows;
        Columns = mask.Columns;
        Values = values.ToArray();
        ColumnIndex = new int[mask.Nnz];
        RowStart = new int[Rows + 1];
        for (int i = 0; i < mask.Nnz; i++)
        {
            int p = mask.Nonzero[i], r = p / Columns;
            ColumnIndex[i] = p - r * Columns;
            RowStart[r + 1]++;
        }
        for (int r = 0; r < Rows; r++) RowStart[r + 1] += RowStart[r];
        var slot = new int[Columns];
        Array.Fill(slot, -1);
        foreach (var c in ColumnIndex) slot[c] = 0;
        var used = new List<int>();
        for (int c = 0; c < Columns; c++) if (slot[c] == 0) { slot[c] = used.Count; used.Add(c); }
        UsedColumns = used.ToArray();
        PackedColumnIndex = ColumnIndex.Select(c => slot[c]).ToArray();
    }

    /// <summary>Contiguous row ranges with about equal nonzeros each, one per thread (static balance, like an OpenMP static schedule by work).</summary>
    public int[] Partition(int parts)
    {
        var bounds = new int[parts + 1];
        bounds[parts] = Rows;
        int r = 0;
        for (int p = 1; p < parts; p++)
        {
            long target = (long)Nnz * p / parts;
            while (r < Rows && RowStart[r] < target) r++;
            bounds[p] = r;
        }
        return bounds;
    }
}

/// <summary>
/// Y (R x N) = W (R x C, CSR) * X (C x N), all row-major float32. The kernel is written to be a fair
/// opponent for a dense BLAS: no allocation per call, SIMD (System.Numerics.Vector, FMA), register-blocked
/// accumulators over 8 vectors of N so each weight is loaded once per block, the X block reused across rows,
/// and a 4-accumulator dot product when N = 1 (matrix-vector).
/// </summary>
internal static class CsrKernel
{
    static readonly int W = Vector<float>.Count;

    /// <summary>Below this many MACs per thread the work runs on one thread: waking a second thread costs more
    /// than it saves (the same rule, and value, as ATen's GRAIN_SIZE in at::parallel_for).</summary>
    public const long GrainMacs = 32768;

    public static void Multiply(CsrMatrix a, float[] x, int n, float[] y, int[] partition)
    {
        if (x.Length < (long)a.Columns * n || y.Length < (long)a.Rows * n) throw new ArgumentException("X or Y too small");
        int parts = partition.Length - 1;
        if (parts == 1 || (long)a.Nnz * n < GrainMacs * parts) Rows(a, x, n, y, 0, a.Rows);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p => Rows(a, x, n, y, partition[p], partition[p + 1]));
    }

    static void Rows(CsrMatrix a, float[] x, int n, float[] y, int r0, int r1)
    {
        if (n == 1) { Dot(a, x, y, r0, r1); return; }
        int block = 8 * W;
        int t = 0;
        if (n == block) { Block8(a, a.ColumnIndex, x, n, n, y, r0, r1, 0, 0); t = n; }
        else if (n > block)
        {
            var used = a.UsedColumns;
            // Consecutive rows of X are n floats apart; for n a multiple of a power of two that maps the rows a
            // block touches onto a few cache sets. Copying the used rows of each block of X into a contiguous
            // buffer (as BLAS packs its panels) removes those conflict misses. The copy only pays when each
            // packed row is read several times, so very sparse matrices read X in place.
            if (a.Nnz >= 4L * used.Length)
            {
                var pack = ArrayPool<float>.Shared.Rent(Math.Max(1, used.Length * block));
                try
                {
                    for (; t + block <= n; t += block)
                    {
                        for (int u = 0; u < used.Length; u++) Array.Copy(x, (long)used[u] * n + t, pack, (long)u * block, block);
                        Block8(a, a.PackedColumnIndex, pack, block, n, y, r0, r1, 0, t);
                    }
                }
                finally { ArrayPool<float>.Shared.Return(pack); }
            }
            else
                for (; t + block <= n; t += block) Block8(a, a.ColumnIndex, x, n, n, y, r0, r1, t, t);
        }
        for (; t + W <= n; t += W) Block1(a, x, n, y, r0, r1, t);
        if (t < n) Tail(a, x, n, y, r0, r1, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block8(CsrMatrix a, int[] cols, float[] x, int xStride, int n, float[] y, int r0, int r1, int t, int yOffset)
    {
        ref float xs = ref MemoryMarshal.GetArrayDataReference(x);
        ref float ys = ref MemoryMarshal.GetArrayDataReference(y);
        var vals = a.Values; var start = a.RowStart;
        for (int r = r0; r < r1; r++)
        {
            Vector<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            for (int j = start[r], e = start[r + 1]; j < e; j++)
            {
                var w = new Vector<float>(vals[j]);
                ref float xr = ref Unsafe.Add(ref xs, (nint)cols[j] * xStride + t);
                c0 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr), c0);
                c1 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)W), c1);
                c2 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)(2 * W)), c2);
                c3 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)(3 * W)), c3);
                c4 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)(4 * W)), c4);
                c5 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)(5 * W)), c5);
                c6 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)(6 * W)), c6);
                c7 = Vector.FusedMultiplyAdd(w, Vector.LoadUnsafe(ref xr, (nuint)(7 * W)), c7);
            }
            ref float yr = ref Unsafe.Add(ref ys, (nint)r * n + yOffset);
            c0.StoreUnsafe(ref yr); c1.StoreUnsafe(ref yr, (nuint)W); c2.StoreUnsafe(ref yr, (nuint)(2 * W)); c3.StoreUnsafe(ref yr, (nuint)(3 * W));
            c4.StoreUnsafe(ref yr, (nuint)(4 * W)); c5.StoreUnsafe(ref yr, (nuint)(5 * W)); c6.StoreUnsafe(ref yr, (nuint)(6 * W)); c7.StoreUnsafe(ref yr, (nuint)(7 * W));
        }
    }

    static void Block1(CsrMatrix a, float[] x, int n, float[] y, int r0, int r1, int t)
    {
        ref float xs = ref MemoryMarshal.GetArrayDataReference(x);
        ref float ys = ref MemoryMarshal.GetArrayDataReference(y);
        for (int r = r0; r < r1; r++)
        {
            Vector<float> c = default;
            for (int j = a.RowStart[r], e = a.RowStart[r + 1]; j < e; j++)
                c = Vector.FusedMultiplyAdd(new Vector<float>(a.Values[j]), Vector.LoadUnsafe(ref Unsafe.Add(ref xs, (nint)a.ColumnIndex[j] * n + t)), c);
            c.StoreUnsafe(ref Unsafe.Add(ref ys, (nint)r * n + t));
        }
    }

    static void Tail(CsrMatrix a, float[] x, int n, float[] y, int r0, int r1, int t)
    {
        for (int r = r0; r < r1; r++)
            for (int i = t; i < n; i++)
            {
                float s = 0;
                for (int j = a.RowStart[r], e = a.RowStart[r + 1]; j < e; j++) s += a.Values[j] * x[(long)a.ColumnIndex[j] * n + i];
                y[(long)r * n + i] = s;
            }
    }

    /// <summary>Matrix-vector rows: four independent accumulators hide the FMA latency; the loads of X are
    /// scalar because a row's columns are arbitrary (AVX2 gathers are not faster than scalar loads on many
    /// x86 cores, and would need unsafe code).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Dot(CsrMatrix a, float[] x, float[] y, int r0, int r1)
    {
        ref float xs = ref MemoryMarshal.GetArrayDataReference(x);
        ref float vs = ref MemoryMarshal.GetArrayDataReference(a.Values);
        ref int cs = ref MemoryMarshal.GetArrayDataReference(a.ColumnIndex);
        for (int r = r0; r < r1; r++)
        {
            int j = a.RowStart[r], e = a.RowStart[r + 1];
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (; j + 4 <= e; j += 4)
            {
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref vs, j), Unsafe.Add(ref xs, Unsafe.Add(ref cs, j)), s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref vs, j + 1), Unsafe.Add(ref xs, Unsafe.Add(ref cs, j + 1)), s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref vs, j + 2), Unsafe.Add(ref xs, Unsafe.Add(ref cs, j + 2)), s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref vs, j + 3), Unsafe.Add(ref xs, Unsafe.Add(ref cs, j + 3)), s3);
            }
            for (; j < e; j++) s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref vs, j), Unsafe.Add(ref xs, Unsafe.Add(ref cs, j)), s0);
            y[r] = (s0 + s1) + (s2 + s3);
        }
    }
}
