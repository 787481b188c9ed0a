using System.Diagnostics;
using Kit.Costs;
using static TorchSharp.torch;

namespace Kit.Study;

/// <summary>
/// Times one model's prunable layers on this CPU the way its scheme would run them: every layer is one GEMM
/// W (R x C) * X (C x positions*batch) (a conv as its im2col GEMM), run back to back as one forward; the total of a
/// repeat is the sum of its layers. Dense GEMMs are torch addmm_ with beta 0 into a preallocated output and the
/// sparse one is <see cref="CsrKernel"/>, as in <see cref="SparseBenchmark"/>, so neither side allocates per call.
/// A structured model's shapes are the coupled kept rows x kept columns of <see cref="StructuredFormat.Model"/>.
/// Inputs are fixed pseudo-random numbers (the time of a GEMM does not depend on them); the CSR kernel multiplies
/// the model's real nonzero values. Reported: medians of <c>repeats</c> timed forwards after <c>warmup</c> untimed ones.
/// </summary>
public static class ModelCpuBench
{
    public static readonly int[] Batches = [1, 64];

    public const string Unit = "microseconds per forward through the GEMMs of the prunable layers at that batch size (whole batch, not per image); im2col, bias, activations and pooling not timed";

    /// <summary>The kernel a scheme's model runs on: "dense" the full GEMMs, irregular and N:M the CSR kernel, every other registered scheme its shrunk GEMMs.</summary>
    public static CpuKernel KernelFor(string scheme)
    {
        if (scheme == "dense") return CpuKernel.DenseFull;
        var s = Kit.Pruning.PruningSchemes.Find(scheme) ?? throw new KitException($"scheme '{scheme}': {Kit.Pruning.PruningSchemes.UnknownMessage(scheme)}");
        return s.Structure == Kit.Pruning.SchemeStructure.Structured ? CpuKernel.DenseShrunk : CpuKernel.Csr;
    }

    public static string NoteFor(CpuKernel k, string scheme) => k switch
    {
        CpuKernel.DenseFull => "dense model: torch GEMM (addmm_) on every layer's full shape",
        CpuKernel.DenseShrunk => $"{scheme}: torch GEMM (addmm_) on the physically shrunk shapes (coupled kept rows x kept columns)",
        _ => scheme == "irregular"
            ? "irregular: the kit's SIMD CSR kernel on the real mask and values"
            : $"{scheme}: the kit's SIMD CSR kernel on the real mask (the kit has no N:M kernel; N:M hardware would run it faster)",
    };

    /// <summary>The shape each layer's kernel multiplies: the full shape, or the coupled kept rows x kept columns.</summary>
    public static (int Rows, int Columns)[] Shapes(IReadOnlyList<CostLayer> layers, CpuKernel kernel)
    {
        if (kernel != CpuKernel.DenseShrunk) return layers.Select(l => (l.Mask.Rows, l.Mask.Columns)).ToArray();
        return StructuredFormat.Model(layers, 32).Select(s => (s.KeptRows, s.KeptColumns)).ToArray();
    }

    /// <summary>Times the layers at each batch size with <paramref name="threads"/> threads (torch and the CSR kernel alike); torch is started here.</summary>
    public static List<CpuBatchTiming> Measure(IReadOnlyList<CostLayer> layers, CpuKernel kernel, IReadOnlyList<int> batches, int threads, int repeats, int warmup, int seed = 1)
    {
        if (repeats < 1) throw new KitException($"repeats must be >= 1, got {repeats}");
        if (threads < 1) throw new KitException($"threads must be >= 1, got {threads}");
        TorchRuntime.Start(threads);
        var shapes = Shapes(layers, kernel);
        var result = new List<CpuBatchTiming>();
        foreach (var batch in batches)
        {
            var ops = new List<Action?>();
            var owned = new List<IDisposable>();
            try
            {
                var rng = new Random(seed);
                for (int i = 0; i < layers.Count; i++) ops.Add(Prepare(layers[i], shapes[i], kernel, (int)(layers[i].OutputPositions * batch), threads, rng, owned));
                for (int w = 0; w < warmup; w++) foreach (var op in ops) op?.Invoke();
                var perLayer = ops.Select(_ => new double[repeats]).ToArray();
                var total = new double[repeats];
                for (int r = 0; r < repeats; r++)
                    for (int i = 0; i < ops.Count; i++)
                    {
                        if (ops[i] is not { } op) continue; // a layer the structured model removes entirely costs nothing
                        long s = Stopwatch.GetTimestamp();
                        op();
                        double us = Stopwatch.GetElapsedTime(s).TotalMicroseconds;
                        perLayer[i][r] = us;
                        total[r] += us;
                    }
                result.Add(new CpuBatchTiming
                {
                    Batch = batch, MedianUs = Round(Statistics.Quantile(total, 0.5)), P25Us = Round(Statistics.Quantile(total, 0.25)), P75Us = Round(Statistics.Quantile(total, 0.75)),
                    Layers = layers.Select((l, i) => new CpuLayerTiming
                    {
                        Name = l.Name, Rows = shapes[i].Rows, Columns = shapes[i].Columns, Positions = l.OutputPositions,
                        Weights = kernel == CpuKernel.Csr ? l.Mask.Nnz : (long)shapes[i].Rows * shapes[i].Columns,
                        MedianUs = Round(Statistics.Quantile(perLayer[i], 0.5)),
                    }).ToList(),
                });
            }
            finally { foreach (var d in owned) d.Dispose(); }
        }
        return result;
    }

    static Action? Prepare(CostLayer layer, (int Rows, int Columns) shape, CpuKernel kernel, int n, int threads, Random rng, List<IDisposable> owned)
    {
        if (shape.Rows == 0 || shape.Columns == 0) return null;
        var x = RandomFloats(rng, (long)shape.Columns * n);
        if (kernel == CpuKernel.Csr)
        {
            var mask = layer.Mask;
            var values = layer.Values ?? RandomFloats(rng, mask.Nnz);
            var csr = new CsrMatrix(mask, values);
            var part = csr.Partition(threads);
            var y = new float[(long)mask.Rows * n];
            return () => CsrKernel.Multiply(csr, x, n, y, part);
        }
        var xt = tensor(x, [shape.Columns, n]);
        var wt = tensor(RandomFloats(rng, (long)shape.Rows * shape.Columns), [shape.Rows, shape.Columns]);
        var yt = zeros(shape.Rows, n);
        owned.AddRange([xt, wt, yt]);
        return () => yt.addmm_(wt, xt, 0, 1);
    }

    static float[] RandomFloats(Random rng, long count)
    {
        var a = new float[count];
        for (long i = 0; i < count; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary>Stopwatch ticks are far finer than the run-to-run noise: two decimals of a microsecond keep cpu.json readable.</summary>
    internal static double Round(double us) => Math.Round(us, 2);

}
