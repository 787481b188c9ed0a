using Kit.Experiments;
using Kit.IO;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Robustness;

[Collection("torch")]
public class LeNetAdvTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Widths_are_registered_with_the_paper_shapes(int w)
    {
        using var model = ModelRegistry.Create($"lenet-adv-{w}", TorchFixture.Info, 1);
        Assert.Equal($"lenet-adv-{w}", model.Architecture);
        var shapes = model.PrunableLayers.Select(l => (l.Rows, l.Columns)).ToArray();
        Assert.Equal([(2 * w, 25), (4 * w, 2 * w * 25), (64 * w, 7 * 7 * 4 * w), (10, 64 * w)], shapes);
        using var x = rand(3, 1, 28, 28);
        using var y = model.forward(x);
        Assert.Equal([3L, 10L], y.shape);
    }

    [Fact]
    public void A_checkpoint_loads_back_into_the_same_width()
    {
        using var dir = new TempDir();
        using var model = ModelRegistry.Create("lenet-adv-2", TorchFixture.Info, 4);
        Checkpoint.Save(model, dir.File("m.pt"), new CheckpointInfo { Dataset = "mnist", Seed = 4 });
        var (loaded, info) = Checkpoint.Load(dir.File("m.pt"));
        using (loaded)
        {
            Assert.Equal("lenet-adv-2", info.Architecture);
            Assert.True(T.Same(model.PrunableLayers[2].Weight, loaded.PrunableLayers[2].Weight));
        }
    }

    [Fact]
    public void Compression_specs_accept_an_adversarial_field_and_name_bad_values()
    {
        const string text = """
            { "name": "adv", "model": "lenet-adv-1", "prune": { "scheme": "column", "steps": [ { "rate": 4 } ] },
              "adversarial": { "eps": 0.3, "steps": 10, "step_size": 0.03 } }
            """;
        var spec = Json.Parse<CompressionSpec>(text, "adv.json");
        spec.Validate();
        Assert.Equal(10, spec.Adversarial!.Steps);
        var bad = spec with { Adversarial = spec.Adversarial with { Eps = -1 } };
        var e = Assert.Throws<KitException>(bad.Validate);
        Assert.StartsWith("adversarial.eps must be >= 0", e.Message);
    }
}
