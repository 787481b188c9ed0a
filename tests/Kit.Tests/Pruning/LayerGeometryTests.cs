using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>A geometry is at least 1 x 1 with whole kernels, and a weight array must hold exactly its Rows x Columns.</summary>
public class LayerGeometryTests
{
    static string Error(LayerGeometry g, int length) => Assert.Throws<KitException>(() => g.Check(length, "conv1")).Message;

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 6, 3)]
    [InlineData(1, 4, 4)]
    public void Valid_geometries_accept_their_own_count(int rows, int columns, int kernel)
    {
        var g = new LayerGeometry(rows, columns, kernel);
        g.Check(rows * columns, "conv1");
        Assert.Equal(columns / kernel, g.Channels);
        Assert.Equal(rows * columns, g.Count);
    }

    [Fact]
    public void Empty_sides_and_partial_kernels_are_invalid()
    {
        Assert.Equal("conv1: invalid geometry 0x4 (kernel 1)", Error(new(0, 4), 0));
        Assert.Equal("conv1: invalid geometry 2x0 (kernel 1)", Error(new(2, 0), 0));
        Assert.Equal("conv1: invalid geometry 2x6 (kernel 0)", Error(new(2, 6, 0), 12));
        Assert.Equal("conv1: invalid geometry 2x5 (kernel 2)", Error(new(2, 5, 2), 10));
    }

    [Fact]
    public void A_weight_count_other_than_rows_times_columns_is_rejected()
    {
        Assert.Equal("conv1: expected 2x3 = 6 weights, got 5", Error(new(2, 3), 5));
        Assert.Equal("conv1: expected 2x3 = 6 weights, got 7", Error(new(2, 3), 7));
    }
}
