using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>The pure arithmetic of the sparse benchmark: the measured crossing and the relative-error line fit.</summary>
public class SparseBenchFitTests
{
    static SparseBenchRow P(double d, double sparse) => new() { Density = d, SparseUs = sparse, DenseFullUs = 10 };

    [Fact]
    public void CrossingOnATieCountsAsBreakingEven()
    {
        // Sparse exactly as fast as dense at the largest density: already above.
        Assert.Equal((0.5, "above"), SparseBenchmark.Crossing([P(0.5, 10), P(0.1, 1)]));
        // A tie at the second point: log ratio 0 there, so the interpolation lands on it exactly.
        var (d, bound) = SparseBenchmark.Crossing([P(0.5, 40), P(0.1, 10)]);
        Assert.Null(bound);
        Assert.Equal(0.1, d!.Value, 12);
        Assert.Equal((null, null), SparseBenchmark.Crossing([]));
    }

    [Fact]
    public void FitLineRecoversAnExactLine()
    {
        var (a, c) = SparseBenchmark.FitLine([(1, 5), (2, 7), (4, 11)]);
        Assert.Equal(2, a, 9);
        Assert.Equal(3, c, 9);
    }

    [Fact]
    public void FitLineWeighsRelativeErrors()
    {
        // Not on a line: the optimum of sum ((a x + c - y) / y)^2 has zero gradient in a and c (c > 0 here).
        (double x, double y)[] pts = [(1, 10), (2, 11), (3, 20), (4, 19)];
        var (a, c) = SparseBenchmark.FitLine(pts);
        Assert.True(c > 0);
        double ga = pts.Sum(p => (a * p.x + c - p.y) * p.x / (p.y * p.y));
        double gc = pts.Sum(p => (a * p.x + c - p.y) / (p.y * p.y));
        Assert.InRange(ga, -1e-9, 1e-9);
        Assert.InRange(gc, -1e-9, 1e-9);
        // Unweighted least squares gives a different line (a = 3.6, c = 6): the weights matter.
        Assert.NotEqual(3.6, a, 3);
    }

    [Fact]
    public void FitLineClampsANegativeInterceptToZero()
    {
        // y = 2x - 1 exactly; with c >= 0 the best is c = 0 and a = sum(x/y) / sum(x^2/y^2).
        (double x, double y)[] pts = [(1, 1), (2, 3), (3, 5)];
        var (a, c) = SparseBenchmark.FitLine(pts);
        Assert.Equal(0, c);
        double expected = (1 + 2 / 3.0 + 3 / 5.0) / (1 + 4 / 9.0 + 9 / 25.0);
        Assert.Equal(expected, a, 12);
    }

    [Fact]
    public void FitLineOnOnePointIsAProportion()
    {
        // One point leaves the line underdetermined (det = 0): a line through the origin.
        var (a, c) = SparseBenchmark.FitLine([(2, 6)]);
        Assert.Equal(0, c);
        Assert.Equal(3, a, 12);
    }
}
