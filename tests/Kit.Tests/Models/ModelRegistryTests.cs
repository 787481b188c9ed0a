using Kit.Data;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Tests.Models;

public class ModelRegistryTests
{
    static readonly DatasetInfo Mnist = DatasetRegistry.Info("mnist");
    static readonly DatasetInfo Cifar = DatasetRegistry.Info("cifar10");

    [Fact]
    public void LeNet5_is_the_caffe_variant_with_430500_weights()
    {
        using var m = ModelRegistry.Create("lenet5", Mnist, 1);
        Assert.Equal(430_500, m.PrunableWeights);
        var shapes = m.PrunableLayers.Select(l => (l.Name, l.Rows, l.Columns)).ToArray();
        Assert.Equal(new[] { ("conv1", 20, 25), ("conv2", 50, 500), ("fc1", 500, 800), ("fc2", 10, 500) }, shapes);
        using var y = m.forward(rand(3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 10 }, y.shape);
    }

    [Fact]
    public void LeNet_300_100_has_266200_weights()
    {
        using var m = ModelRegistry.Create("lenet-300-100", Mnist, 1);
        Assert.Equal(266_200, m.PrunableWeights);
    }

    [Theory]
    [InlineData("vgg16", 14_715_584)]
    [InlineData("resnet18", 11_164_352)]
    public void Cifar_models_run_on_32x32_and_count_their_weights(string name, long weights)
    {
        using var m = ModelRegistry.Create(name, Cifar, 1);
        Assert.Equal(weights, m.PrunableWeights);
        m.eval();
        using var y = m.forward(rand(2, 3, 32, 32));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
    }

    [Theory]
    [InlineData("lenet5")]
    [InlineData("lenet-300-100")]
    [InlineData("vgg16")]
    [InlineData("resnet18")]
    public void Consumers_exist_and_their_columns_match_the_producer_outputs(string name)
    {
        using var m = ModelRegistry.Create(name, name.StartsWith("lenet") ? Mnist : Cifar, 1);
        foreach (var l in m.PrunableLayers.Where(l => l.Consumer != null))
        {
            var c = m.Layer(l.Consumer!);
            Assert.Equal(c.Columns, l.Rows * l.ConsumerColumnsPerOutput);
        }
        // GEMM view agrees with the tensor: rows x columns = all elements.
        Assert.All(m.PrunableLayers, l => Assert.Equal(l.Weights, l.Weight.numel()));
    }

    [Fact]
    public void Same_seed_gives_same_weights_and_unknown_names_are_rejected()
    {
        using var a = ModelRegistry.Create("lenet5", Mnist, 42);
        using var b = ModelRegistry.Create("lenet5", Mnist, 42);
        using var c = ModelRegistry.Create("lenet5", Mnist, 43);
        Assert.True(T.Same(a.Layer("fc1").Weight, b.Layer("fc1").Weight));
        Assert.False(T.Same(a.Layer("fc1").Weight, c.Layer("fc1").Weight));
        Assert.Contains("unknown model 'alexnet'", Assert.Throws<KitException>(() => ModelRegistry.Create("alexnet", Mnist, 1)).Message);
        Assert.Contains("28x28", Assert.Throws<KitException>(() => ModelRegistry.Create("lenet5", Cifar, 1)).Message);
    }
}
