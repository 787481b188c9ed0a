using Kit.Costs;

namespace Kit.Tests.Costs;

public class LayerMaskTests
{
    [Fact]
    public void OutOfRangeIndexIsAClearError()
    {
        var e = Assert.Throws<KitException>(() => new LayerMask("l", 2, 3, [0, 6]));
        Assert.Contains("nonzero[1] = 6 is out of range for shape [2, 3]", e.Message);
        Assert.Throws<KitException>(() => new LayerMask("l", 2, 3, [-1]));
    }

    [Fact]
    public void UnsortedAndDuplicateIndicesAreClearErrors()
    {
        Assert.Contains("must be sorted", Assert.Throws<KitException>(() => new LayerMask("l", 2, 3, [3, 1])).Message);
        Assert.Contains("duplicate", Assert.Throws<KitException>(() => new LayerMask("l", 2, 3, [1, 1])).Message);
    }

    [Fact]
    public void NonPositiveShapeIsAnError()
    {
        Assert.Contains("shape", Assert.Throws<KitException>(() => new LayerMask("l", 0, 3, [])).Message);
    }

    [Fact]
    public void FromDenseKeepsNonzerosAndChecksTheShape()
    {
        var m = LayerMask.FromDense("l", 2, 3, [0, 1.5f, 0, 0, 0, -2]);
        Assert.Equal([1, 5], m.Nonzero);
        Assert.Throws<KitException>(() => LayerMask.FromDense("l", 2, 2, [1, 2, 3]));
    }

    [Theory]
    [InlineData(10, 10, 7)]
    [InlineData(10, 10, 90)]
    [InlineData(50, 500, 72)]
    public void RandomMaskHasExactCountAndIsReproducible(int r, int c, int nnz)
    {
        var a = LayerMask.Random("l", r, c, nnz, 5);
        var b = LayerMask.Random("l", r, c, nnz, 5);
        Assert.Equal(nnz, a.Nnz);
        Assert.Equal(a.Nonzero, b.Nonzero);
        Assert.NotEqual(a.Nonzero, LayerMask.Random("l", r, c, nnz, 6).Nonzero);
    }

    [Fact]
    public void ColumnMajorListsRowsPerColumn()
    {
        var (rows, start) = CostTestMasks.Small().ColumnMajor();
        Assert.Equal([0, 0, 2], rows);
        Assert.Equal([0, 1, 1, 1, 1, 1, 2, 2, 3], start);
    }
}
