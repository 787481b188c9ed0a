using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Models;
using Kit.Training;

namespace Kit.Tests.Robustness;

/// <summary>`kit attack` in-process: the JSON it writes, and one clear line for each bad input.</summary>
[Collection("torch")]
public class AttackCliTests
{
    static (int code, string stdout, string stderr) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Attack_sweep_writes_clean_and_robust_accuracy_as_json()
    {
        using var dir = new TempDir();
        using (var model = ModelRegistry.Create("lenet5", TorchFixture.Info, 2))
            Checkpoint.Save(model, dir.File("m.pt"), new CheckpointInfo { Dataset = "mnist", Seed = 2 });
        var (code, stdout, stderr) = Run("attack", "--model", dir.File("m.pt"), "--attack", "fgsm", "--eps", "0,0.1", "--limit", "40",
            "--threads", "1", "--json", "--out", dir.File("a.json"));
        Assert.True(code == 0, stderr);
        var doc = JsonNode.Parse(stdout)!;
        Assert.Equal(JsonNode.Parse(File.ReadAllText(dir.File("a.json")))!.ToJsonString(), doc.ToJsonString());
        Assert.Equal(40, doc["test_images"]!.GetValue<int>());
        Assert.Equal("lenet5", doc["architecture"]!.GetValue<string>());
        var points = doc["points"]!.AsArray();
        Assert.Equal([0.0, 0.1], points.Select(p => p!["eps"]!.GetValue<double>()));
        double clean = doc["clean_accuracy"]!.GetValue<double>();
        Assert.Equal(clean, points[0]!["robust_accuracy"]!.GetValue<double>());
        Assert.True(points[1]!["robust_accuracy"]!.GetValue<double>() <= clean);
        Assert.NotNull(doc["kit_version"]);
        Assert.NotNull(doc["machine"]);
    }

    [Theory]
    [InlineData("error: no/such/model.pt: checkpoint not found", "--model", "no/such/model.pt")]
    [InlineData("error: --eps/--steps/--step-size: attack.eps must be >= 0", "--model", "m.pt", "--eps", "0.1,-0.2")]
    [InlineData("error: unknown attack 'cw' (known: fgsm, pgd)", "--model", "m.pt", "--attack", "cw")]
    [InlineData("error: --eps: 'abc' is not a number", "--model", "m.pt", "--eps", "abc")]
    [InlineData("error: --eps/--steps/--step-size: attack.steps must be in 1..10000", "--model", "m.pt", "--steps", "0")]
    public void Bad_inputs_give_one_clear_line(string expected, params string[] args)
    {
        var (code, _, stderr) = Run(["attack", .. args]);
        Assert.Equal(1, code);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Concurrent_adversarial_admm_runs_through_the_compression_pipeline()
    {
        using var dir = new TempDir();
        var spec = new CompressionSpec
        {
            Name = "adv-column", Model = "lenet-adv-1", Threads = 1,
            Data = new() { Dataset = "mnist", TrainLimit = 200, ValidationLimit = 100, TestLimit = 100 },
            Dense = new() { Train = new() { Epochs = 1 } },
            Prune = new() { Scheme = Kit.Pruning.PruningSchemes.Get("column"), Steps = [new() { Rate = 4 }] },
            Adversarial = new() { Eps = 0.3, Steps = 2, StepSize = 0.1 },
        };
        var r = CompressionPipeline.Run(spec, dir.Path, new CompressionOptions { Quick = true });
        Assert.InRange(r.OverallRate, 3.5, 4.5);
        Assert.Equal(2, r.Spec.Adversarial!.Steps);
        var saved = JsonNode.Parse(File.ReadAllText(dir.File("result.json")))!;
        Assert.Equal(0.3, saved["spec"]!["adversarial"]!["eps"]!.GetValue<double>());
    }
}
