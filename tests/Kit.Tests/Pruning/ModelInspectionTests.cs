using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Pruning;

/// <summary>`kit inspect` on saved models whose weights are set by hand, so every count is known in advance.</summary>
[Collection("torch")]
public class ModelInspectionTests
{
    [Fact]
    public void Support_overlap_is_both_over_either()
    {
        // Nonzero in a: 0, 2, 4; in b: 2, 3, 4. Both: 2, 4; either: 0, 2, 3, 4.
        var o = SupportOverlap.Of("fc1", [1, 0, 2, 0, 3], [0, 0, 5, 4, 3]);
        Assert.Equal(new SupportOverlap("fc1", 3, 3, 2, 0.5), o);
        Assert.Equal(new SupportOverlap("fc2", 0, 0, 0, 1), SupportOverlap.Of("fc2", [0, 0], [0, 0]));
        Assert.Equal(new SupportOverlap("fc3", 1, 1, 0, 0), SupportOverlap.Of("fc3", [1, 0], [0, -1]));
        Assert.Equal("layer fc1: 2 weights vs 3", Assert.Throws<KitException>(() => SupportOverlap.Of("fc1", [1, 2], [1, 2, 3])).Message);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(129, 8)]
    [InlineData(256, 8)]
    [InlineData(257, 32)]
    [InlineData(100_000, 32)]
    public void Implied_bits_index_the_distinct_values_and_32_means_unquantized(int levels, int bits)
    {
        Assert.Equal(bits, ModelInspection.ImpliedBits(levels));
    }

    /// <summary>
    /// LeNet-5 with: conv1 nonzero at 0 (0.5), 1 (-0.5), 30 (0.25); conv2 empty; fc1 256 distinct values at 7i;
    /// fc2 300 distinct values at 0..299. <paramref name="other"/>: conv1 nonzero at 0 and 2, fc1 as above, the rest empty.
    /// </summary>
    static void SaveLeNet5(string path, bool other, bool empty = false)
    {
        using var model = ModelRegistry.Create("lenet5", TorchFixture.Info, 1);
        using (no_grad())
            foreach (var l in model.PrunableLayers)
            {
                var w = new float[l.Weights];
                if (!empty)
                    switch (l.Name)
                    {
                        case "conv1" when other: w[0] = 1; w[2] = 1; break;
                        case "conv1": w[0] = 0.5f; w[1] = -0.5f; w[30] = 0.25f; break;
                        case "fc1": for (int i = 0; i < 256; i++) w[7 * i] = (i + 1) / 1024f; break;
                        case "fc2" when !other: for (int i = 0; i < 300; i++) w[i] = i + 1; break;
                    }
                using var t = tensor(w, l.TensorShape);
                l.Weight.copy_(t);
            }
        Checkpoint.Save(model, path, new CheckpointInfo { Dataset = "mnist", Seed = 1 });
    }

    [Fact]
    public void Reports_each_layer_the_overall_rate_and_the_overlap_with_another_model()
    {
        using var dir = new TempDir();
        SaveLeNet5(dir.File("a.pt"), other: false);
        SaveLeNet5(dir.File("b.pt"), other: true);
        var r = ModelInspection.Of(dir.File("a.pt"), dir.File("b.pt"));

        Assert.Equal(("a.pt", "lenet5", "mnist"), (r.Model, r.Architecture, r.Dataset));
        Assert.Equal(500 + 25_000 + 400_000 + 5_000, r.Weights);
        Assert.Equal(3 + 0 + 256 + 300, r.Nonzero);
        Assert.Equal(430_500.0 / 559, r.OverallRate);
        Assert.Equal(ModelInspection.Convention, r.LevelConvention);

        Assert.Equal(["conv1", "conv2", "fc1", "fc2"], r.Layers.Select(l => l.Name));
        var (conv1, conv2, fc1, fc2) = (r.Layers[0], r.Layers[1], r.Layers[2], r.Layers[3]);
        Assert.Equal([20, 25], conv1.Shape);
        Assert.Equal([20L, 1, 5, 5], conv1.TensorShape);
        // conv1: rows 0 and 1 (index 30 is row 1), columns 0, 1, 5, its one input channel; 3 values -> 2 bits.
        Assert.Equal((500L, 3L, 2, 3, 1, 3, 2), (conv1.Weights, conv1.Nonzero, conv1.KeptRows, conv1.KeptColumns, conv1.KeptChannels, conv1.Levels, conv1.Bits));
        Assert.Equal(3.0 / 500, conv1.Density);
        Assert.Equal([-0.5, 0.25, 0.5], conv1.LevelValues!);
        Assert.Equal((0L, 0, 0, 0, 0, 1), (conv2.Nonzero, conv2.KeptRows, conv2.KeptColumns, conv2.KeptChannels, conv2.Levels, conv2.Bits));
        // fc1: 7i for i < 256 spans rows 0-2 and, 7 being prime to 800, 256 distinct columns; 256 values -> 8 bits.
        Assert.Equal((256L, 3, 256, 256, 256, 8), (fc1.Nonzero, fc1.KeptRows, fc1.KeptColumns, fc1.KeptChannels, fc1.Levels, fc1.Bits));
        // fc2: 300 distinct values are more than 256: unquantized, 32 bits, values not listed.
        Assert.Equal((300L, 1, 300, 300, 32), (fc2.Nonzero, fc2.KeptRows, fc2.KeptColumns, fc2.Levels, fc2.Bits));
        Assert.Null(fc2.LevelValues);

        Assert.Equal(
        [
            new SupportOverlap("conv1", 3, 2, 1, 0.25),  // both {0}, either {0, 1, 2, 30}
            new SupportOverlap("conv2", 0, 0, 0, 1),
            new SupportOverlap("fc1", 256, 256, 256, 1),
            new SupportOverlap("fc2", 300, 0, 0, 0),
        ], r.SupportOverlap);
    }

    [Fact]
    public void Without_another_model_there_is_no_overlap_and_an_empty_model_has_an_infinite_rate()
    {
        using var dir = new TempDir();
        SaveLeNet5(dir.File("z.pt"), other: false, empty: true);
        var r = ModelInspection.Of(dir.File("z.pt"));
        Assert.Null(r.SupportOverlap);
        Assert.Equal(0, r.Nonzero);
        Assert.Equal(double.PositiveInfinity, r.OverallRate);
    }

    [Fact]
    public void Comparing_with_another_architecture_is_an_error()
    {
        using var dir = new TempDir();
        SaveLeNet5(dir.File("a.pt"), other: false);
        using (var mlp = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 1))
            Checkpoint.Save(mlp, dir.File("mlp.pt"), new CheckpointInfo { Dataset = "mnist", Seed = 1 });
        var e = Assert.Throws<KitException>(() => ModelInspection.Of(dir.File("a.pt"), dir.File("mlp.pt")));
        Assert.Equal($"--against {dir.File("mlp.pt")}: a lenet-300-100, not a lenet5", e.Message);
    }
}
