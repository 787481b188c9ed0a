using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>Edges of <see cref="LayerMask"/>: shape limits, default name, density, per-row/column counts, and the
/// random draw (exact counts at the extremes, uniformity checked by counting over many seeds).</summary>
public class LayerMaskEdgeTests
{
    [Fact]
    public void DensityIsNonzerosOverWeights()
    {
        // Small(): 3 x 8 = 24 weights, 3 nonzeros -> 3/24 = 0.125.
        Assert.Equal(0.125, CostTestMasks.Small().Density);
        Assert.Equal(0.0, new LayerMask("e", 2, 2, []).Density);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingNameBecomesLayer(string? name) =>
        Assert.Equal("layer", new LayerMask(name!, 1, 1, []).Name);

    [Fact]
    public void SingleColumnAndSingleRowShapesAreValid()
    {
        Assert.Equal(3, new LayerMask("col", 3, 1, [0, 2]).Rows);
        Assert.Equal(1, new LayerMask("col", 3, 1, [0, 2]).Columns);
        Assert.Equal(1, new LayerMask("row", 1, 3, [1]).Rows);
    }

    [Fact]
    public void ShapeOfExactlyIntMaxWeightsIsAccepted()
    {
        // int.MaxValue x 1 = 2^31 - 1 weights: the largest flat index still fits an int.
        var m = new LayerMask("big", int.MaxValue, 1, [int.MaxValue - 1]);
        Assert.Equal((long)int.MaxValue, m.Weights);
    }

    [Fact]
    public void ShapeAboveIntMaxWeightsIsRejectedWithTheLayerName()
    {
        // 65536 x 65536 = 2^32 weights (their quotient, 1, would fit).
        var e = Assert.Throws<KitException>(() => new LayerMask("huge", 65536, 65536, []));
        Assert.Equal("mask 'huge': shape [65536, 65536] has more than 2147483647 weights", e.Message);
    }

    [Fact]
    public void NullIndicesAreAnArgumentError() =>
        Assert.Throws<ArgumentNullException>(() => new LayerMask("n", 2, 2, null!));

    [Fact]
    public void OutOfRangeIndexNamesTheValidRange()
    {
        var e = Assert.Throws<KitException>(() => new LayerMask("s", 3, 8, [0, 24]));
        Assert.Equal("mask 's': nonzero[1] = 24 is out of range for shape [3, 8] (valid: 0..23)", e.Message);
    }

    [Fact]
    public void FromDenseRejectsAWrongLengthWithTheShape()
    {
        var e = Assert.Throws<KitException>(() => LayerMask.FromDense("d", 2, 3, new float[5]));
        Assert.Equal("mask 'd': 5 weights do not match shape [2, 3]", e.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    public void RandomRejectsImpossibleCounts(int nnz)
    {
        var e = Assert.Throws<KitException>(() => LayerMask.Random("r", 2, 3, nnz, 1));
        Assert.Equal($"mask 'r': cannot draw {nnz} nonzeros from 6 weights", e.Message);
    }

    [Fact]
    public void RandomAtTheExtremesIsEmptyOrFull()
    {
        Assert.Empty(LayerMask.Random("r", 2, 3, 0, 1).Nonzero);
        Assert.Equal([0, 1, 2, 3, 4, 5], LayerMask.Random("r", 2, 3, 6, 1).Nonzero);
    }

    /// <summary>Every position must be drawn about equally often: with n = 8 and nnz picks per mask over
    /// 800 seeds, each position is expected 800 * nnz / 8 times; a draw that can never reach some position
    /// (an off-by-one in the range) leaves it at 0. Sparse (Floyd) and dense (Fisher-Yates) paths both.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    public void RandomDrawsEveryPositionAboutEquallyOften(int nnz)
    {
        const int seeds = 800;
        var hits = new int[8];
        for (int s = 0; s < seeds; s++)
        {
            var m = LayerMask.Random("r", 2, 4, nnz, s);
            Assert.Equal(nnz, m.Nnz);
            foreach (var i in m.Nonzero) hits[i]++;
        }
        double expected = seeds * nnz / 8.0;
        Assert.All(hits, h => Assert.InRange(h, 0.7 * expected, 1.3 * expected));
    }

    [Fact]
    public void RowAndColumnCounts()
    {
        // Small(): flat 0 -> (0,0), 5 -> (0,5), 23 -> (2,7).
        var m = CostTestMasks.Small();
        Assert.Equal([2, 0, 1], m.RowCounts());
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 1], m.ColumnCounts());
    }
}
