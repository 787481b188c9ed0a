using System.Text.Json.Nodes;
using Kit.Cli;
using Kit.Costs;
using Kit.Data;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Costs;

/// <summary>Costing a saved model end to end (torch in the test host, one thread).</summary>
[Collection(ConsoleCollection.Name)]
public class ModelCostTests
{
    [Fact]
    public void SavedModelWithARemovedFilterIsCostedWithCoupling()
    {
        TorchRuntime.Start(1);
        var dir = Path.Combine(Path.GetTempPath(), $"kit-cost-model-{Guid.NewGuid():N}");
        var path = Path.Combine(dir, "model.pt");
        try
        {
            using (var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), 1))
            {
                using (no_grad())
                {
                    model.Layer("conv1").Weight[3].zero_();        // filter 3 of conv1 removed
                    model.Layer("fc2").Weight[TensorIndex.Colon, TensorIndex.Slice(0, 100)].zero_();
                }
                Checkpoint.Save(model, path, new CheckpointInfo { Dataset = "mnist", Seed = 1 });
                var layers = ModelMasks.From(model);
                Assert.Equal([500L - 25, 25_000, 400_000, 5_000 - 1_000], layers.Select(l => (long)l.Mask.Nnz));
                Assert.Equal([576L, 64, 1, 1], layers.Select(l => l.OutputPositions));
            }
            var (o, e) = (Console.Out, Console.Error);
            var so = new StringWriter();
            Console.SetOut(so);
            int code;
            try { code = Kit.Cli.Program.BuildRoot().Parse(["cost", "model", "--model", path, "--bits", "4", "--json", "--profile", "cpu-illustrative"]).Invoke(); }
            finally { Console.SetOut(o); Console.SetError(e); }
            Assert.Equal(0, code);
            var n = JsonNode.Parse(so.ToString())!;
            var conv2 = n["storage"]!["layers"]![1]!;
            Assert.Equal(500 - 25, (int)conv2["structured_coupled"]!["kept_columns"]!); // channel 3 of conv2 is dead
            Assert.Equal(500, (int)conv2["structured"]!["kept_columns"]!);
            Assert.Equal(19, (int)n["storage"]!["layers"]![0]!["structured_coupled"]!["kept_rows"]!);
            Assert.Equal(2_293_000, (long)n["compute_total"]!["dense_macs"]!);
            Assert.Equal(475L * 576, (long)n["compute"]![0]!["nonstructured_macs"]!);
            Assert.Equal(400, (int)n["storage"]!["layers"]![3]!["structured_coupled"]!["kept_columns"]!);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

public class OutputGeometryTests
{
    // Published per-image MAC counts of the CIFAR variants: VGG-16 ~313 M, ResNet-18 ~556 M (with shortcuts).
    [Theory]
    [InlineData("lenet5", "mnist", 2_293_000, 2_293_000)]
    [InlineData("lenet-300-100", "mnist", 266_200, 266_200)]
    [InlineData("vgg16", "cifar10", 310_000_000, 316_000_000)]
    [InlineData("resnet18", "cifar10", 550_000_000, 560_000_000)]
    public void EveryPrunableLayerHasAnOutputSizeAndTotalsMatch(string arch, string dataset, long lo, long hi)
    {
        TorchRuntime.Start(1);
        using var model = ModelRegistry.Create(arch, DatasetRegistry.Info(dataset), 1);
        long macs = model.PrunableLayers.Sum(l => l.Weights * OutputGeometry.OutputPositions(arch, l.Name));
        Assert.InRange(macs, lo, hi);
    }
}
