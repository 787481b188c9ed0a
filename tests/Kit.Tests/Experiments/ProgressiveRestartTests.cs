using Kit.Data;
using Kit.Experiments;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Experiments;

/// <summary>
/// A run started from a pruned checkpoint (`kit compress --dense prune-step-N.pt`) continues a progressive
/// prune: its later steps and its quantization stay inside the checkpoint's support.
/// </summary>
[Collection("torch")]
public class ProgressiveRestartTests
{
    static CompressionSpec Tiny(string name) => TinySpecs.Named(name);

    /// <summary>
    /// A checkpoint whose surviving weights are tiny (1e-6) and whose pruned positions are exactly 0: any weight
    /// revived by training outgrows the survivors, so a run that forgets the support picks revived positions.
    /// </summary>
    static (string path, Dictionary<string, bool[]> support) PrunedCheckpoint(string dir, double keepFraction)
    {
        TorchRuntime.Start(1);
        using var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), seed: 5);
        var support = new Dictionary<string, bool[]>();
        var rng = new Random(3);
        using (no_grad())
            foreach (var l in model.PrunableLayers)
            {
                var keep = Enumerable.Range(0, (int)l.Weights).Select(_ => rng.NextDouble() < keepFraction).ToArray();
                var w = keep.Select((k, i) => k ? (i % 2 == 0 ? 1e-6f : -1e-6f) : 0f).ToArray();
                using var t = tensor(w).reshape(l.Weight.shape);
                l.Weight.copy_(t);
                support[l.Name] = keep;
            }
        var path = Path.Combine(dir, "prune-step-1.pt");
        Checkpoint.Save(model, path, new CheckpointInfo { Dataset = "mnist", Seed = 5 });
        return (path, support);
    }

    static void AssertInside(string modelPath, Dictionary<string, bool[]> support)
    {
        var (net, _) = Checkpoint.Load(modelPath);
        using (net)
            foreach (var l in net.PrunableLayers)
            {
                var w = TensorValues.ToArray(l.Weight);
                var outside = Enumerable.Range(0, w.Length).Count(i => w[i] != 0 && !support[l.Name][i]);
                Assert.True(outside == 0, $"{l.Name}: {outside} nonzero weights outside the starting checkpoint's support");
            }
    }

    [Fact]
    public void Later_prune_step_from_a_pruned_checkpoint_stays_inside_its_support()
    {
        var dir = Directory.CreateTempSubdirectory("kit-restart-");
        try
        {
            var (ckpt, support) = PrunedCheckpoint(dir.FullName, keepFraction: 0.2);
            var outDir = Path.Combine(dir.FullName, "out");
            var r = CompressionPipeline.Run(Tiny("lenet5-mnist-irregular-50x-float"), outDir, new CompressionOptions { Quick = true, DenseCheckpoint = ckpt });
            AssertInside(Path.Combine(outDir, "model.pt"), support);
            Assert.InRange(r.OverallRate, 49, 51);
            // The absolute starting path (as a resumed run gets it from its journal) is recorded relative to the working folder.
            Assert.False(Path.IsPathRooted(r.DenseSource), r.DenseSource);
            Assert.Equal(ckpt, Path.GetFullPath(r.DenseSource));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Quantizing_a_pruned_checkpoint_keeps_its_zeros()
    {
        var dir = Directory.CreateTempSubdirectory("kit-restart-");
        try
        {
            var (ckpt, support) = PrunedCheckpoint(dir.FullName, keepFraction: 0.3);
            var spec = Tiny("lenet5-mnist-irregular-50x-3bit") with { Prune = null };
            var outDir = Path.Combine(dir.FullName, "out");
            var r = CompressionPipeline.Run(spec, outDir, new CompressionOptions { Quick = true, DenseCheckpoint = ckpt });
            AssertInside(Path.Combine(outDir, "model.pt"), support);
            Assert.All(r.Layers, l => Assert.True(l.Nonzero <= support[l.Name].Count(k => k)));
        }
        finally { dir.Delete(recursive: true); }
    }
}
