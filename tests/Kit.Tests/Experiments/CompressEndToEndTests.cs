using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Training;

namespace Kit.Tests.Experiments;

[Collection("torch")]
public class CompressEndToEndTests
{
    static CompressionSpec Tiny(string name) => TinySpecs.Named(name);

    [Fact]
    public void Quick_cli_compress_writes_a_complete_result_and_inspect_reads_the_model()
    {
        var dir = Directory.CreateTempSubdirectory("kit-compress-");
        try
        {
            var specPath = Path.Combine(dir.FullName, "spec.json");
            File.WriteAllText(specPath, Json.Serialize(Tiny("lenet5-mnist-irregular-100x-3bit")));
            var outDir = Path.Combine(dir.FullName, "out");
            int rc = Kit.Cli.Program.BuildRoot().Parse(["compress", "--spec", specPath, "--quick", "--out", outDir, "--threads", "1"]).Invoke();
            Assert.Equal(0, rc);

            var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")))!.AsObject();
            foreach (var field in new[] { "dense_accuracy", "accuracy_after_mapping", "accuracy_after_retrain", "accuracy", "overall_rate", "bits",
                         "layers", "spec", "seconds", "kit_version", "machine", "level_convention", "stages", "timing" })
                Assert.True(result.ContainsKey(field), $"result.json lacks {field}");
            Assert.True(result["quick"]!.GetValue<bool>());
            Assert.Equal(3, result["bits"]!.GetValue<int>());
            Assert.InRange(result["overall_rate"]!.GetValue<double>(), 99, 101);
            var layers = result["layers"]!.AsArray();
            Assert.Equal(["conv1", "conv2", "fc1", "fc2"], layers.Select(l => l!["name"]!.GetValue<string>()));
            long nonzero = 0, weights = 0;
            foreach (var l in layers)
            {
                foreach (var f in new[] { "shape", "weights", "nonzero", "kept_rows", "kept_columns", "levels" })
                    Assert.True(l!.AsObject().ContainsKey(f), $"layer lacks {f}");
                Assert.InRange(l!["levels"]!.GetValue<int>(), 1, 8);
                Assert.Equal(l["levels"]!.GetValue<int>(), l["level_values"]!.AsArray().Count);
                Assert.DoesNotContain(0.0, l["level_values"]!.AsArray().Select(v => v!.GetValue<double>()));
                nonzero += l["nonzero"]!.GetValue<long>(); weights += l["weights"]!.GetValue<long>();
            }
            Assert.Equal(430_500, weights);
            Assert.Equal(weights / (double)nonzero, result["overall_rate"]!.GetValue<double>(), 6);
            Assert.Equal(["prune", "quantize"], result["stages"]!.AsArray().Select(s => s!["phase"]!.GetValue<string>()));

            var log = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "admm_log.json")))!.AsArray();
            Assert.Equal((2 + 2) * 4, log.Count);  // 2 prune periods + 2 quantization periods, 4 layers each
            Assert.All(log, e => Assert.True(e!.AsObject().ContainsKey("primal_residual") && e.AsObject().ContainsKey("dual_residual") && e.AsObject().ContainsKey("rho")));
            Assert.True(File.Exists(Path.Combine(outDir, "admm_log.csv")));

            // The saved model holds what result.json says.
            var model = Path.Combine(outDir, "model.pt");
            Assert.Equal(0, Kit.Cli.Program.BuildRoot().Parse(["inspect", model]).Invoke());
            var inspect = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "model.inspect.json")))!;
            Assert.Equal(nonzero, inspect["nonzero"]!.GetValue<long>());
            var self = Path.Combine(outDir, "self.inspect.json");
            Assert.Equal(0, Kit.Cli.Program.BuildRoot().Parse(["inspect", model, "--against", model, "--out", self]).Invoke());
            Assert.All(JsonNode.Parse(File.ReadAllText(self))!["support_overlap"]!.AsArray(), o => Assert.Equal(1.0, o!["jaccard"]!.GetValue<double>()));
            var (net, _) = Checkpoint.Load(model);
            using (net)
                foreach (var (layer, i) in net.PrunableLayers.Select((l, i) => (l, i)))
                {
                    var w = Kit.TensorValues.ToArray(layer.Weight);
                    Assert.Equal(layers[i]!["nonzero"]!.GetValue<long>(), w.Count(x => x != 0));
                    Assert.Equal(layers[i]!["levels"]!.GetValue<int>(), w.Where(x => x != 0).Distinct().Count());
                }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Structured_magnitude_baseline_keeps_whole_rows_and_columns()
    {
        var dir = Directory.CreateTempSubdirectory("kit-compress-");
        try
        {
            var spec = Tiny("lenet5-mnist-filter_column-10x-magnitude");
            var r = CompressionPipeline.Run(spec, dir.FullName, new CompressionOptions { Quick = true });
            Assert.InRange(r.OverallRate, 9, 11.5);
            foreach (var l in r.Layers)
                Assert.Equal(l.Nonzero, (long)l.KeptRows * l.KeptColumns);
            Assert.Equal(10, r.Layers[^1].KeptRows);
            Assert.Empty(JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "admm_log.json")))!.AsArray());
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Fully_binarized_net_is_quantized_in_two_stages_to_two_values_per_layer()
    {
        var dir = Directory.CreateTempSubdirectory("kit-compress-");
        try
        {
            var r = CompressionPipeline.Run(Tiny("lenet5-mnist-binary-full"), dir.FullName, new CompressionOptions { Quick = true });
            Assert.Equal(["quantize 1/2", "quantize 2/2"], r.Stages.Select(s => s.Phase));
            Assert.All(r.Layers, l => { Assert.Equal(2, l.Levels); Assert.Equal(l.Weights, l.Nonzero); Assert.Equal(1, l.Bits); });
            Assert.All(r.Layers, l => Assert.Equal(-l.LevelValues![0], l.LevelValues[1], 6));
            var log = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "admm_log.json")))!.AsArray();
            Assert.Equal(["conv2", "fc1"], log.Where(e => e!["phase"]!.GetValue<string>() == "quantize 1/2 admm").Select(e => e!["layer"]!.GetValue<string>()).Distinct());
            Assert.Equal(["conv1", "fc2"], log.Where(e => e!["phase"]!.GetValue<string>() == "quantize 2/2 admm").Select(e => e!["layer"]!.GetValue<string>()).Distinct());
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Freezing_rounds_and_progressive_pruning_keep_masks_and_levels()
    {
        var dir = Directory.CreateTempSubdirectory("kit-compress-");
        try
        {
            var spec = Tiny("lenet5-mnist-irregular-348x-4bit");
            spec = spec with { Quantize = spec.Quantize! with { FreezeFraction = 0.3 } };
            var r = CompressionPipeline.Run(spec, dir.FullName, new CompressionOptions { Quick = true });
            Assert.Equal(["prune 1/3", "prune 2/3", "prune 3/3", "quantize"], r.Stages.Select(s => s.Phase));
            // Later steps prune within the earlier masks: each step's support lies inside the one before,
            // and the final (quantized) model's support inside the last step's.
            var steps = new[] { "prune-step-1.pt", "prune-step-2.pt", "prune-step-3.pt", "model.pt" }.Select(f => Support(Path.Combine(dir.FullName, f))).ToList();
            for (int s = 1; s < steps.Count; s++)
                foreach (var (layer, kept) in steps[s])
                {
                    var earlier = steps[s - 1][layer];
                    int outside = kept.Select((k, i) => k && !earlier[i]).Count(x => x);
                    Assert.True(outside == 0, $"step {s + 1} {layer}: {outside} weights outside step {s}'s support");
                }
            var sizes = steps.Select(st => st.Values.Sum(k => k.Count(x => x))).ToList();
            Assert.True(sizes[0] > sizes[1] && sizes[1] > sizes[2], $"kept weights per step: {string.Join(", ", sizes)}");
            Assert.Equal([50.0, 150.0, 348.0], r.Stages.Take(3).Select(s => Math.Round(s.Rate)));
            Assert.Equal(4, r.Stages[^1].RetrainEpochs);  // rounds at 30%, 60%, 90%, 100% frozen
            Assert.InRange(r.OverallRate, 340, 356);
            Assert.All(r.Layers, l => Assert.InRange(l.Levels, 1, 16));
            Assert.True(r.Layers.Sum(l => l.Nonzero) <= 430_500 / 348 + 4);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Unknown_layer_names_are_reported_with_their_field()
    {
        var spec = Tiny("lenet5-mnist-irregular-50x-float");
        spec = spec with { Prune = spec.Prune! with { Steps = [new() { Rate = 50, Layers = new() { ["conv9"] = new() { Weights = 0.5 } } }] } };
        var dir = Directory.CreateTempSubdirectory("kit-compress-");
        try
        {
            var outDir = Path.Combine(dir.FullName, "never-written");
            var e = Assert.Throws<KitException>(() => CompressionPipeline.Run(spec, outDir, new() { Quick = true }));
            Assert.StartsWith("prune.steps[0].layers.conv9:", e.Message);
            Assert.False(Directory.Exists(outDir), "a rejected spec created its output folder");
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir.FullName));
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>Which weights of each prunable layer are nonzero in a saved model.</summary>
    static Dictionary<string, bool[]> Support(string modelPath)
    {
        var (net, _) = Checkpoint.Load(modelPath);
        using (net)
            return net.PrunableLayers.ToDictionary(l => l.Name, l => Kit.TensorValues.ToArray(l.Weight).Select(x => x != 0).ToArray());
    }
}
