using static TorchSharp.torch;

namespace Kit.Tests.Foundation;

public class TorchSmokeTests
{
    [Fact]
    public void Tensor_arithmetic_works()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a * 2 + 1;
        Assert.Equal(new float[] { 3, 5, 7 }, b.data<float>().ToArray());
    }

    [Fact]
    public void Conv_forward_and_backward_give_gradients_of_the_right_shape()
    {
        manual_seed(0);
        using var conv = nn.Conv2d(1, 4, 3);
        using var x = rand(2, 1, 8, 8);
        using var y = conv.forward(x);
        Assert.Equal(new long[] { 2, 4, 6, 6 }, y.shape);
        using var loss = y.pow(2).sum();
        loss.backward();
        var g = conv.weight!.grad!;
        Assert.Equal(new long[] { 4, 1, 3, 3 }, g.shape);
        Assert.True(g.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Native_wrapper_in_output_loads_and_kit_version_is_set()
    {
        Assert.False(string.IsNullOrEmpty(KitInfo.Version));
        Assert.True(KitInfo.Machine().Cores >= 1);
    }
}
