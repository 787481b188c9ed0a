using Kit.Costs;

namespace Kit.Tests.Costs;

public class OutputGeometryTableTests
{
    [Theory]
    [InlineData("lenet5", "conv1", 576)]
    [InlineData("lenet-300-100", "fc3", 1)]
    [InlineData("vgg16", "conv1", 1024)]
    [InlineData("vgg16", "conv7", 64)]
    [InlineData("vgg16", "fc", 1)]
    [InlineData("resnet18", "stem", 1024)]
    [InlineData("resnet18", "block1.conv1", 1024)]
    [InlineData("resnet18", "block5.conv2", 64)]
    [InlineData("resnet18", "block8.conv2", 16)]
    [InlineData("ResNet18", "fc", 1)]
    public void KnownLayers(string architecture, string layer, long positions) =>
        Assert.Equal(positions, OutputGeometry.OutputPositions(architecture, layer));

    [Theory]
    [InlineData("lenet-300-100", "conv1")]
    [InlineData("vgg16", "pool5")]
    [InlineData("vgg16", "conv14")]
    [InlineData("resnet18", "stage1.conv")]
    [InlineData("resnet18", "block9.conv1")]
    [InlineData("resnet18", "block1")]
    public void UnknownLayersAreNamed(string architecture, string layer)
    {
        var e = Assert.Throws<KitException>(() => OutputGeometry.OutputPositions(architecture, layer));
        Assert.Equal($"architecture '{architecture}' has no prunable layer '{layer}' in the output-size table", e.Message);
    }

    [Fact]
    public void UnknownArchitectureListsTheKnownOnes()
    {
        var e = Assert.Throws<KitException>(() => OutputGeometry.OutputPositions("alexnet", "fc"));
        Assert.Equal("no output-size table for architecture 'alexnet' (known: lenet5, lenet-300-100, vgg16, resnet18)", e.Message);
    }
}
