using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Costs;

/// <summary>A benchmarked GEMM shape: W is Rows x Columns, X is Columns x (PositionsPerImage * batch).</summary>
public sealed record BenchShape(string Name, int Rows, int Columns, int PositionsPerImage);

/// <summary>One measured point (times are medians in microseconds). dense_full_us: torch GEMM (addmm_, beta 0) on the
/// unpruned shape; dense_shrunk_us: the same on the structured shape of equal MACs (round(R*d) rows x C);
/// sparse_us: the C# CSR kernel.</summary>
public sealed record SparseBenchRow
{
    public string Shape { get; init; } = "";
    public string Mask { get; init; } = "random";
    public int Batch { get; init; }
    public int Threads { get; init; }
    public int N { get; init; }
    public double Density { get; init; }
    public int Nnz { get; init; }
    public int ShrunkRows { get; init; }
    public double DenseFullUs { get; init; }
    public double DenseShrunkUs { get; init; }
    public double SparseUs { get; init; }
    public double SpeedupVsDense { get; init; }
    public double SparseOverShrunk { get; init; }
}

/// <summary>Measured break-even density (sparse time = dense unpruned time) of one shape/batch/threads, by
/// log-log interpolation between the bracketing synthetic densities; `bound` says "above" (sparse already
/// faster at the largest density) or "below" (never faster down to the smallest), with density then the bound.
/// model_density is what the shape's own fitted profile predicts.</summary>
public sealed record BreakEvenRow
{
    public string Shape { get; init; } = "";
    public int Batch { get; init; }
    public int Threads { get; init; }
    public double? Density { get; init; }
    public string? Bound { get; init; }
    public double? Rate { get; init; }
    public double? ModelDensity { get; init; }
}

public sealed record SparseBenchReport
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public MachineInfo? Machine { get; init; }
    public int Runs { get; init; }
    public string OmpWaitPolicy { get; init; } = "";
    public int VectorWidthFloats { get; init; } = System.Numerics.Vector<float>.Count;
    /// <summary>/proc/loadavg at the start and the end: the machine is shared, and other load skews 2-thread timings most.</summary>
    public string? LoadBefore { get; init; }
    public string? LoadAfter { get; init; }
    /// <summary>The process's nice value: above 0 it yielded the CPU to other jobs, so on a busy machine its times are upper bounds.</summary>
    public int? Nice { get; init; }
    /// <summary>Wall and CPU seconds of the whole measurement: a CPU share far below threads x 100% means the timed calls
    /// waited for other jobs (the medians then measure the scheduler as much as the kernels).</summary>
    public double? WallSeconds { get; init; }
    public double? CpuSeconds { get; init; }
    /// <summary>The saved model whose real masks were timed (`--model`, as given), so a committed report names its source.</summary>
    public string? Model { get; init; }
    public List<SparseBenchRow> Rows { get; init; } = [];
    public List<BreakEvenRow> BreakEven { get; init; } = [];
    public List<HardwareProfile> Profiles { get; init; } = [];
}

/// <summary>
/// Dense GEMM (TorchSharp addmm_ with beta 0, i.e. torch.matmul into a preallocated output) on full and shrunk shapes vs <see cref="CsrKernel"/> at several densities.
/// Every time is the median of `runs` timed calls after 3 warm-up calls, all inputs allocated once.
/// Fitting (per batch size and thread count, over all shapes and random-mask densities): t_mac = median of
/// dense ns per MAC over the shapes; sparse ns = a * nonzero MACs + t_fixed by least squares on relative error
/// (t_fixed &gt;= 0). With one thread lambda = 1 and t_gather = 0 (a CPU gather is inseparable from the index
/// load, so t_idx = a - t_mac holds both); with T threads t_idx is the one-thread t_idx / T (ideal scaling)
/// and lambda = a / (t_mac + t_idx) &gt;= 1 holds what is left: imbalance and parallel overhead.
/// </summary>
public static class SparseBenchmark
{
    public static readonly BenchShape[] Shapes =
    [
        new("lenet5-conv2", 50, 500, 64),
        new("lenet5-fc1", 500, 800, 1),
        new("vgg-conv", 256, 2304, 64),
    ];

    public static readonly double[] DefaultDensities = [0.9, 0.7, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];

    public static SparseBenchReport Run(IReadOnlyList<BenchShape> shapes, IReadOnlyList<double> densities, IReadOnlyList<int> batches,
        IReadOnlyList<int> threadCounts, int runs, IReadOnlyList<CostLayer>? realMasks, int seed, Action<string>? log = null)
    {
        var rows = new List<SparseBenchRow>();
        var loadBefore = KitInfo.LoadAverage();
        var wall = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var threads in threadCounts)
        {
            TorchRuntime.Start(threads);
            foreach (var batch in batches)
                foreach (var shape in shapes)
                {
                    int n = shape.PositionsPerImage * batch;
                    var rng = new Random(seed);
                    var x = new float[(long)shape.Columns * n];
                    for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
                    var full = new float[(long)shape.Rows * shape.Columns];
                    for (int i = 0; i < full.Length; i++) full[i] = (float)(rng.NextDouble() * 2 - 1);
                    using var xt = tensor(x, [shape.Columns, n]);
                    using var wt = tensor(full, [shape.Rows, shape.Columns]);
                    // addmm_ with beta = 0 writes W X into a preallocated output, as the CSR kernel does, so neither
                    // side pays for allocating its result.
                    using var yt = zeros(shape.Rows, n);
                    double denseFull = Median(runs, () => yt.addmm_(wt, xt, 0, 1));
                    var y = new float[(long)shape.Rows * n];
                    var masks = densities.Select(d => (label: "random", mask: LayerMask.Random(shape.Name, shape.Rows, shape.Columns,
                        (int)Math.Max(1, Math.Round(d * shape.Rows * shape.Columns)), SeedMix.Of(seed, shape.Name, d)))).ToList();
                    if (realMasks is not null)
                        masks.AddRange(realMasks.Where(m => m.Mask.Rows == shape.Rows && m.Mask.Columns == shape.Columns).Select(m => ("model:" + m.Name, m.Mask)));
                    foreach (var (label, mask) in masks)
                    {
                        var values = mask.Nonzero.Select(i => full[i]).ToArray();
                        var csr = new CsrMatrix(mask, values);
                        var part = csr.Partition(threads);
                        double sparse = Median(runs, () => CsrKernel.Multiply(csr, x, n, y, part));
                        int shrunkRows = (int)Math.Max(1, Math.Round(mask.Density * shape.Rows));
                        double shrunk;
                        using (var narrow = wt.narrow(0, 0, shrunkRows))
                        using (var ws = narrow.contiguous())
                        using (var ys = zeros(shrunkRows, n))
                            shrunk = Median(runs, () => ys.addmm_(ws, xt, 0, 1));
                        var row = new SparseBenchRow
                        {
                            Shape = shape.Name, Mask = label, Batch = batch, Threads = threads, N = n, Density = mask.Density, Nnz = mask.Nnz, ShrunkRows = shrunkRows,
                            DenseFullUs = denseFull, DenseShrunkUs = shrunk, SparseUs = sparse,
                            SpeedupVsDense = denseFull / sparse, SparseOverShrunk = sparse / shrunk,
                        };
                        rows.Add(row);
                        log?.Invoke($"{shape.Name,-13} batch {batch,3} threads {threads} {label,-13} density {mask.Density,8:P2}: dense {denseFull,10:F1} us, shrunk {shrunk,10:F1} us, sparse {sparse,10:F1} us ({denseFull / sparse:F2}x vs dense)");
                    }
                }
        }
        var profiles = Fit(rows, shapes, threadCounts, batches);
        var breakEven = new List<BreakEvenRow>();
        foreach (var g in rows.Where(r => r.Mask == "random").GroupBy(r => (r.Shape, r.Batch, r.Threads)))
        {
            var shape = shapes.First(s => s.Name == g.Key.Shape);
            var prof = profiles.FirstOrDefault(p => p.Name == ProfileName(g.Key.Batch, g.Key.Threads, g.Key.Shape));
            long macs = (long)shape.Rows * shape.Columns * shape.PositionsPerImage * g.Key.Batch;
            var be = prof is null ? null : ComputeModel.BreakEvenRate(macs, prof, 32, 32);
            var (d, bound) = Crossing(g.OrderByDescending(r => r.Density).ToList());
            breakEven.Add(new BreakEvenRow
            {
                Shape = g.Key.Shape, Batch = g.Key.Batch, Threads = g.Key.Threads, Density = d, Bound = bound,
                Rate = d is > 0 ? 1 / d : null, ModelDensity = be is { } rate ? 1 / rate : null,
            });
        }
        return new SparseBenchReport
        {
            Machine = KitInfo.Machine(), Runs = runs, OmpWaitPolicy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)",
            Rows = rows, BreakEven = breakEven, Profiles = profiles, LoadBefore = loadBefore, LoadAfter = KitInfo.LoadAverage(), Nice = KitInfo.Niceness(),
            WallSeconds = wall.Elapsed.TotalSeconds, CpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds,
        };
    }

    public static string ProfileName(int batch, int threads, string? shape = null) =>
        shape is null ? $"this-cpu-batch{batch}-threads{threads}" : $"this-cpu-{shape}-batch{batch}-threads{threads}";

    /// <summary>Where sparse/dense crosses 1, interpolating log(ratio) linearly in log(density).</summary>
    public static (double? density, string? bound) Crossing(IReadOnlyList<SparseBenchRow> byDensityDescending)
    {
        var pts = byDensityDescending;
        if (pts.Count == 0) return (null, null);
        if (pts[0].SparseUs <= pts[0].DenseFullUs) return (pts[0].Density, "above");
        for (int i = 1; i < pts.Count; i++)
        {
            if (pts[i].SparseUs > pts[i].DenseFullUs) continue;
            double la = Math.Log(pts[i - 1].SparseUs / pts[i - 1].DenseFullUs), lb = Math.Log(pts[i].SparseUs / pts[i].DenseFullUs);
            double da = Math.Log(pts[i - 1].Density), db = Math.Log(pts[i].Density);
            double t = la / (la - lb);
            return (Math.Exp(da + t * (db - da)), null);
        }
        return (pts[^1].Density, "below");
    }

    static List<HardwareProfile> Fit(List<SparseBenchRow> rows, IReadOnlyList<BenchShape> shapes, IReadOnlyList<int> threadCounts, IReadOnlyList<int> batches)
    {
        var result = new List<HardwareProfile>();
        // One profile per batch and thread count over all shapes, then one per shape: a single profile cannot
        // hold both a memory-bound matrix-vector product and a compute-bound GEMM, and the spread shows it.
        foreach (var shape in shapes.Select(s => (BenchShape?)s).Prepend(null))
            foreach (var batch in batches)
            {
                double? tIdx1 = null;
                foreach (var threads in threadCounts.Order())
                {
                    var g = rows.Where(r => r.Batch == batch && r.Threads == threads && r.Mask == "random" && (shape is null || r.Shape == shape.Name)).ToList();
                    if (g.Count == 0) continue;
                    var perMac = g.GroupBy(r => r.Shape).Select(s =>
                    {
                        var sh = shapes.First(x => x.Name == s.Key);
                        return s.First().DenseFullUs * 1e3 / ((double)sh.Rows * sh.Columns * s.First().N);
                    }).Order().ToList();
                    double tMac = perMac[perMac.Count / 2];
                    var (a, fixedNs) = FitLine(g.Select(r => ((double)r.Nnz * r.N, r.SparseUs * 1e3)).ToList());
                    double tIdx, lambda = 1;
                    if (tIdx1 is null)
                    {
                        tIdx = Math.Max(0, a - tMac);
                        if (threads == 1) tIdx1 = tIdx;
                    }
                    else
                    {
                        tIdx = tIdx1.Value / threads;
                        lambda = Math.Max(1, a / (tMac + tIdx));
                    }
                    result.Add(new HardwareProfile
                    {
                        Name = ProfileName(batch, threads, shape?.Name),
                        Description = $"fitted by kit bench sparse on {(shape is null ? "all shapes" : shape.Name)}: float32, batch {batch}, {threads} thread(s); times per call (whole batch); t_gather folded into t_idx",
                        TMacNs = tMac, TIdxNs = tIdx, Lambda = lambda, TFixedNs = fixedNs,
                    });
                }
            }
        return result;
    }

    /// <summary>y = a x + c minimizing the sum of squared relative errors ((a x + c - y) / y)^2, c &gt;= 0.</summary>
    public static (double a, double c) FitLine(IReadOnlyList<(double x, double y)> pts)
    {
        double sxx = 0, sx = 0, s1 = 0, sxy = 0, sy = 0;
        foreach (var (x, y) in pts)
        {
            double w = 1 / (y * y);
            sxx += w * x * x; sx += w * x; s1 += w; sxy += w * x * y; sy += w * y;
        }
        double det = sxx * s1 - sx * sx;
        double a = (sxy * s1 - sx * sy) / det, c = (sxx * sy - sx * sxy) / det;
        if (c < 0 || !double.IsFinite(c)) { c = 0; a = sxy / sxx; }
        return (a, c);
    }

    static double Median(int runs, Action body)
    {
        for (int i = 0; i < 3; i++) body();
        var t = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            // Raw timestamps (ns resolution here), not TimeSpan: its 100 ns ticks round a toy layer's time to 0 and the fit to NaN.
            long s = Stopwatch.GetTimestamp();
            body();
            t[i] = (Stopwatch.GetTimestamp() - s) * 1e6 / Stopwatch.Frequency;
        }
        return Statistics.Median(t);
    }
}
