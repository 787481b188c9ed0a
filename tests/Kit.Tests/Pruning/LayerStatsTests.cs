using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>What a weight tensor holds, counted by hand on small layers.</summary>
public class LayerStatsTests
{
    [Fact]
    public void Counts_nonzeros_and_the_rows_columns_and_channels_they_touch()
    {
        // 3 filters x 3 channels of 2 kernel elements (columns 0-1 = channel 0, 2-3 = channel 1, 4-5 = channel 2):
        //   row 0: .     0.5 . . . .
        //   row 1: .     .   . . . .
        //   row 2: -0.25 0.5 . . . .
        var g = new LayerGeometry(3, 6, 2);
        float[] w = [0, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.25f, 0.5f, 0, 0, 0, 0];
        var s = LayerStats.Of("conv", g, [3, 3, 1, 2], w);
        Assert.Equal("conv", s.Name);
        Assert.Equal([3, 6], s.Shape);
        Assert.Equal([3L, 3, 1, 2], s.TensorShape);
        Assert.Equal(18, s.Weights);
        Assert.Equal(3, s.Nonzero);
        Assert.Equal(3.0 / 18, s.Density);
        Assert.Equal(2, s.KeptRows);      // rows 0 and 2
        Assert.Equal(2, s.KeptColumns);   // columns 0 and 1
        Assert.Equal(1, s.KeptChannels);  // both in channel 0
        Assert.Equal(2, s.Levels);        // 0.5 twice, -0.25
        Assert.Equal([-0.25, 0.5], s.LevelValues!);
    }

    [Fact]
    public void An_empty_layer_keeps_nothing()
    {
        var s = LayerStats.Of("fc", new LayerGeometry(2, 2), [2, 2], new float[4]);
        Assert.Equal((0L, 0.0, 0, 0, 0, 0), (s.Nonzero, s.Density, s.KeptRows, s.KeptColumns, s.KeptChannels, s.Levels));
        Assert.Equal([], s.LevelValues!);
    }

    [Fact]
    public void Level_values_are_listed_ascending_up_to_256_distinct_values()
    {
        // 256 distinct values in descending order, then one more.
        var g = new LayerGeometry(1, 257);
        var w = new float[257];
        for (int i = 0; i < 256; i++) w[i] = 256 - i;
        var listed = LayerStats.Of("fc", g, [1, 257], w);
        Assert.Equal(256, listed.Levels);
        Assert.Equal(Enumerable.Range(1, 256).Select(v => (double)v), listed.LevelValues);
        w[256] = -1;
        var many = LayerStats.Of("fc", g, [1, 257], w);
        Assert.Equal(257, many.Levels);
        Assert.Null(many.LevelValues);
    }

    [Fact]
    public void A_weight_count_that_does_not_fit_the_geometry_is_rejected()
    {
        Assert.Equal("fc1: expected 2x3 = 6 weights, got 5",
            Assert.Throws<KitException>(() => LayerStats.Of("fc1", new LayerGeometry(2, 3), [2, 3], new float[5])).Message);
    }
}
