using Kit.Costs;

namespace Kit.Tests.Costs;

public class CsrKernelTests
{
    [Theory]
    [InlineData(1, 1, 300)]
    [InlineData(3, 1, 300)]
    [InlineData(64, 1, 300)]
    [InlineData(64, 2, 300)]
    [InlineData(200, 2, 300)]
    [InlineData(1, 2, 300)]
    [InlineData(64, 2, 1500)]   // above the grain size: really split over two threads
    [InlineData(200, 2, 1500)]
    [InlineData(130, 1, 20)]    // too sparse to pack: X read in place
    public void MatchesNaiveProduct(int n, int threads, int nnz)
    {
        var mask = LayerMask.Random("w", 37, 53, nnz, 4);
        var rng = new Random(2);
        var values = mask.Nonzero.Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var x = Enumerable.Range(0, 53 * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var csr = new CsrMatrix(mask, values);
        var y = new float[37 * n];
        CsrKernel.Multiply(csr, x, n, y, csr.Partition(threads));
        var expected = new double[37 * n];
        for (int i = 0; i < mask.Nnz; i++)
        {
            int r = mask.Nonzero[i] / 53, c = mask.Nonzero[i] % 53;
            for (int j = 0; j < n; j++) expected[r * n + j] += values[i] * x[c * n + j];
        }
        for (int i = 0; i < y.Length; i++) Assert.InRange(Math.Abs(expected[i] - y[i]), 0, 1e-4);
    }

    [Fact]
    public void PartitionBalancesNonzeros()
    {
        var csr = new CsrMatrix(new LayerMask("w", 4, 4, [0, 1, 2, 3, 4, 8, 12, 13]), new float[8]);
        Assert.Equal([0, 1, 4], csr.Partition(2));
    }

    [Fact]
    public void MeasuredCrossingInterpolatesInLogSpace()
    {
        SparseBenchRow P(double d, double sparse) => new() { Density = d, SparseUs = sparse, DenseFullUs = 10 };
        var (d, bound) = SparseBenchmark.Crossing([P(0.4, 20), P(0.1, 5)]);
        Assert.Null(bound);
        Assert.Equal(0.2, d!.Value, 6);
        Assert.Equal("above", SparseBenchmark.Crossing([P(0.5, 5)]).bound);
        Assert.Equal("below", SparseBenchmark.Crossing([P(0.5, 50), P(0.1, 20)]).bound);
        var (a, c) = SparseBenchmark.FitLine([(1, 12), (2, 14), (4, 18)]);
        Assert.Equal(2, a, 9);
        Assert.Equal(10, c, 9);
    }
}
