using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>The benchmark's bookkeeping at toy scale (a few small GEMMs, three timed runs): which rows, break-even
/// rows and profiles it reports and how they follow from the measured rows. Times themselves are never asserted,
/// except that each is positive: the shapes are large enough that no call rounds to 0 (the timer counts 100 ns ticks,
/// and a zero time would make the relative-error fit divide by zero).</summary>
[Collection("torch")]
public class SparseBenchmarkTests
{
    static readonly BenchShape[] Toy = [new("a", 16, 48, 4), new("b", 24, 40, 4)];
    static readonly double[] Densities = [0.5, 0.2];

    static SparseBenchReport RunToy(int[] threads, List<string>? log = null)
    {
        var real = new List<CostLayer>
        {
            new(new LayerMask("real", 16, 48, Enumerable.Range(0, 96).Select(i => 8 * i).ToArray())),   // matches shape "a"
            new(new LayerMask("other", 2, 2, [0])),             // matches no shape: ignored
            new(new LayerMask("half", 16, 40, [0])),            // rows of "a", columns of "b": matches neither
        };
        try { return SparseBenchmark.Run(Toy, Densities, [1, 2], threads, 3, real, 3, log is null ? null : log.Add); }
        finally { TorchRuntime.Start(1); }   // the torch collection runs single-threaded
    }

    [Fact]
    public void RowsCoverEveryShapeBatchThreadAndMask()
    {
        var log = new List<string>();
        var r = RunToy([1], log);
        Assert.Equal(3, r.Runs);
        // Per batch: shape a has 2 random masks + the real one, shape b has 2 random masks.
        Assert.Equal(2 * (3 + 2), r.Rows.Count);
        Assert.Equal(r.Rows.Count, log.Count);
        foreach (var batch in new[] { 1, 2 })
        {
            var a = r.Rows.Where(x => x.Shape == "a" && x.Batch == batch).ToList();
            Assert.Equal(["random", "random", "model:real"], a.Select(x => x.Mask));
            // round(d * 768) nonzeros: 384 and 154 (153.6); the real mask has 96.
            Assert.Equal([384, 154, 96], a.Select(x => x.Nnz));
            Assert.Equal([0.5, 154 / 768.0, 96 / 768.0], a.Select(x => x.Density));
            // Shrunk rows round(density * 16): 8, 3 (3.21), 2.
            Assert.Equal([8, 3, 2], a.Select(x => x.ShrunkRows));
            Assert.All(a, x => Assert.Equal(4 * batch, x.N));
            var b = r.Rows.Where(x => x.Shape == "b" && x.Batch == batch).ToList();
            Assert.Equal([480, 192], b.Select(x => x.Nnz));   // 0.5 and 0.2 of 960
            Assert.Equal([12, 5], b.Select(x => x.ShrunkRows));   // 12 and round(4.8)
            Assert.All(b, x => Assert.Equal(4 * batch, x.N));
        }
        foreach (var row in r.Rows)
        {
            Assert.Equal(1, row.Threads);
            Assert.True(row.DenseFullUs > 0 && row.DenseShrunkUs > 0 && row.SparseUs > 0);
            Assert.Equal(row.DenseFullUs / row.SparseUs, row.SpeedupVsDense, 12);
            Assert.Equal(row.SparseUs / row.DenseShrunkUs, row.SparseOverShrunk, 12);
        }
        Assert.StartsWith("a ", log[0]);
        Assert.Contains("batch   1 threads 1 random", log[0]);
        Assert.EndsWith($"({r.Rows[0].DenseFullUs / r.Rows[0].SparseUs:F2}x vs dense)", log[0]);
        Assert.Equal(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)", r.OmpWaitPolicy);
        Assert.NotNull(r.Machine);
        Assert.True(r.WallSeconds > 0);
        // The run's CPU time is a difference of this process's CPU times, so it fits inside the process's total.
        Assert.InRange(r.CpuSeconds!.Value, 0, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
    }

    [Fact]
    public void BreakEvenRowsFollowTheRandomMaskRows()
    {
        var r = RunToy([1]);
        // One row per shape x batch x threads, from the random masks only.
        Assert.Equal(4, r.BreakEven.Count);
        Assert.Equal([("a", 1), ("b", 1), ("a", 2), ("b", 2)], r.BreakEven.Select(b => (b.Shape, b.Batch)));
        foreach (var be in r.BreakEven)
        {
            var pts = r.Rows.Where(x => x.Shape == be.Shape && x.Batch == be.Batch && x.Mask == "random").ToList();
            var hi = pts.MaxBy(x => x.Density)!;
            var lo = pts.MinBy(x => x.Density)!;
            if (hi.SparseUs <= hi.DenseFullUs) { Assert.Equal("above", be.Bound); Assert.Equal(hi.Density, be.Density); }
            else if (lo.SparseUs > lo.DenseFullUs) { Assert.Equal("below", be.Bound); Assert.Equal(lo.Density, be.Density); }
            else
            {
                Assert.Null(be.Bound);
                Assert.InRange(be.Density!.Value, lo.Density * (1 - 1e-12), hi.Density * (1 + 1e-12));
            }
            Assert.Equal(1 / be.Density!.Value, be.Rate!.Value, 9);
            // The shape's own profile predicts the break-even density for the whole GEMM (R*C*P*batch MACs).
            var shape = Toy.Single(s => s.Name == be.Shape);
            var prof = r.Profiles.Single(p => p.Name == $"this-cpu-{be.Shape}-batch{be.Batch}-threads1");
            long macs = (long)shape.Rows * shape.Columns * shape.PositionsPerImage * be.Batch;
            double? rate = ComputeModel.BreakEvenRate(macs, prof, 32, 32);
            Assert.Equal(rate is { } x ? 1 / x : null, be.ModelDensity);
        }
    }

    [Fact]
    public void ProfilesPerBatchAndThreadsFirstOverAllShapesThenPerShape()
    {
        var r = RunToy([2, 1]);
        Assert.Equal(
        [
            "this-cpu-batch1-threads1", "this-cpu-batch1-threads2", "this-cpu-batch2-threads1", "this-cpu-batch2-threads2",
            "this-cpu-a-batch1-threads1", "this-cpu-a-batch1-threads2", "this-cpu-a-batch2-threads1", "this-cpu-a-batch2-threads2",
            "this-cpu-b-batch1-threads1", "this-cpu-b-batch1-threads2", "this-cpu-b-batch2-threads1", "this-cpu-b-batch2-threads2",
        ], r.Profiles.Select(p => p.Name));
        Assert.Contains("on all shapes: float32, batch 1, 1 thread(s)", r.Profiles[0].Description);
        Assert.Contains("on a: float32, batch 2, 2 thread(s)", r.Profiles[7].Description);
        foreach (var shape in new string?[] { null, "a", "b" })
            foreach (var batch in new[] { 1, 2 })
            {
                var one = r.Profiles.Single(p => p.Name == SparseBenchmark.ProfileName(batch, 1, shape));
                var two = r.Profiles.Single(p => p.Name == SparseBenchmark.ProfileName(batch, 2, shape));
                foreach (var (prof, threads) in new[] { (one, 1), (two, 2) })
                {
                    var g = r.Rows.Where(x => x.Batch == batch && x.Threads == threads && x.Mask == "random" && (shape is null || x.Shape == shape)).ToList();
                    // t_mac: median (upper middle of two) over shapes of dense ns per MAC.
                    var perMac = g.GroupBy(x => x.Shape).Select(s =>
                    {
                        var sh = Toy.Single(t => t.Name == s.Key);
                        return s.First().DenseFullUs * 1000 / (sh.Rows * sh.Columns * (double)s.First().N);
                    }).Order().ToList();
                    Assert.Equal(perMac[^1], prof.TMacNs, 9);
                    var pts = g.Select(x => ((double)x.Nnz * x.N, x.SparseUs * 1000)).ToList();
                    var (a, c) = ReferenceFit(pts);
                    // The reference search is exact to about sqrt(machine epsilon) of the time scale.
                    double tol = 1e-5 * Math.Max(c, pts.Max(p => p.Item2));
                    Assert.True(Math.Abs(prof.TFixedNs - c) <= tol, $"{prof.Name}: {prof.TFixedNs} vs {c}, a {a}, pts {string.Join(" ", pts)}");
                    double tolA = tol / pts.Min(p => p.Item1);
                    if (threads == 1)
                    {
                        Assert.InRange(prof.TIdxNs, Math.Max(0, a - prof.TMacNs) - tolA, Math.Max(0, a - prof.TMacNs) + tolA);
                        Assert.Equal(1, prof.Lambda);
                    }
                    else
                    {
                        // Ideal scaling of the one-thread index time; lambda holds the rest.
                        Assert.Equal(one.TIdxNs / 2, prof.TIdxNs, 9);
                        double lambda = Math.Max(1, a / (prof.TMacNs + prof.TIdxNs));
                        double tolL = tolA / (prof.TMacNs + prof.TIdxNs) + 1e-9;
                        Assert.InRange(prof.Lambda, lambda - tolL, lambda + tolL);
                    }
                }
            }
    }

    [Fact]
    public void WithoutRandomMasksThereIsNothingToFit()
    {
        var real = new List<CostLayer> { new(new LayerMask("real", 16, 48, [5, 100, 700])) };
        SparseBenchReport r;
        try { r = SparseBenchmark.Run(Toy, [], [1], [1], 1, real, 3); }
        finally { TorchRuntime.Start(1); }
        Assert.Equal(["model:real"], r.Rows.Select(x => x.Mask));
        Assert.Empty(r.BreakEven);
        Assert.Empty(r.Profiles);
    }

    [Fact]
    public void DefaultShapesIncludeTheLeNet5GemmShapes()
    {
        // conv2 and fc1 as GEMMs (rows x columns) of the kit's LeNet-5, with conv2's 8 x 8 output positions.
        foreach (var layer in new[] { "conv2", "fc1" })
        {
            var s = SparseBenchmark.Shapes.Single(x => x.Name == "lenet5-" + layer);
            var l = RandomMaskTable.LeNet5Shapes.Single(x => x.name == layer);
            Assert.Equal((l.rows, l.columns, OutputGeometry.OutputPositions("lenet5", layer)), (s.Rows, s.Columns, (long)s.PositionsPerImage));
        }
        Assert.Equal(3, SparseBenchmark.Shapes.Select(x => x.Name).Where(n => n.Length > 0).Distinct().Count());
    }

    [Fact]
    public void ProfileNames()
    {
        Assert.Equal("this-cpu-batch4-threads2", SparseBenchmark.ProfileName(4, 2));
        Assert.Equal("this-cpu-vgg-conv-batch1-threads1", SparseBenchmark.ProfileName(1, 1, "vgg-conv"));
    }

    /// <summary>Weighted least squares with weights 1/y^2 by brute force over c (then the best a for that c), c &gt;= 0.</summary>
    static (double a, double c) ReferenceFit(IReadOnlyList<(double x, double y)> pts)
    {
        double Best(double c) => pts.Sum(p => (p.y - c) * p.x / (p.y * p.y)) / pts.Sum(p => p.x * p.x / (p.y * p.y));
        double Err(double c) { double a = Best(c); return pts.Sum(p => Math.Pow((a * p.x + c - p.y) / p.y, 2)); }
        // The error is a convex parabola in c (a may come out negative, so c may exceed every y): bracket the
        // minimum by doubling, then golden-section search.
        double lo = 0, hi = pts.Max(p => p.y);
        while (Err(2 * hi) < Err(hi)) hi *= 2;
        hi *= 2;
        for (int i = 0; i < 200; i++)
        {
            double m1 = lo + (hi - lo) * 0.382, m2 = lo + (hi - lo) * 0.618;
            if (Err(m1) <= Err(m2)) hi = m2; else lo = m1;
        }
        double cc = (lo + hi) / 2;
        if (Err(0) <= Err(cc)) cc = 0;
        return (Best(cc), cc);
    }
}
