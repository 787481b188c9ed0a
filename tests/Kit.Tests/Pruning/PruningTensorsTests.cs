using Kit.Pruning;
using static TorchSharp.torch;

namespace Kit.Tests.Pruning;

/// <summary>The tensor side of a set: projection keeps values on the support, the mask is its 0/1 indicator, shapes are kept.</summary>
[Collection("torch")]
public class PruningTensorsTests
{
    // |w| = 3, 1, 0.5, 4, 2, 0.25: keeping 3 weights keeps -4, 3 and 2.
    static readonly float[] W = [3, -1, 0.5f, -4, 2, 0.25f];
    static readonly IrregularSet Keep3 = new(new LayerGeometry(2, 3), 3);

    [Fact]
    public void Project_zeroes_everything_off_the_support_and_keeps_the_shape()
    {
        using var w = tensor(W, [2, 1, 3]);
        using var p = Keep3.Project(w);
        Assert.Equal([2L, 1, 3], p.shape);
        Assert.Equal([3f, 0, 0, -4, 2, 0], TensorValues.ToArray(p));
    }

    [Fact]
    public void Mask_is_one_on_the_support_and_zero_elsewhere()
    {
        using var w = tensor(W, [2, 3]);
        using var m = Keep3.Mask(w);
        Assert.Equal([2L, 3], m.shape);
        Assert.Equal([1f, 0, 0, 1, 1, 0], TensorValues.ToArray(m));
    }

    [Fact]
    public void A_tensor_of_another_size_is_rejected_naming_the_scheme()
    {
        using var w = tensor(new float[] { 1, 2, 3, 4, 5 });
        Assert.Equal("irregular: expected 2x3 = 6 weights, got 5", Assert.Throws<KitException>(() => Keep3.Project(w)).Message);
        var fc = new FilterColumnSet(new LayerGeometry(2, 3), 1, 1);
        Assert.Equal("filter_column: expected 2x3 = 6 weights, got 5", Assert.Throws<KitException>(() => fc.Mask(w)).Message);
    }

    [Fact]
    public void Apply_support_keeps_the_flagged_values()
    {
        Assert.Equal([1f, 0, 3, 0], PruningTensors.ApplySupport([1, 2, 3, 4], [true, false, true, false]));
    }

    [Fact]
    public void Squared_distance_sums_squared_differences()
    {
        // (1-0)^2 + (2-5)^2 + (3-3)^2 = 10
        Assert.Equal(10.0, PruningTensors.SquaredDistance([1, 2, 3], [0, 5, 3]));
    }
}
