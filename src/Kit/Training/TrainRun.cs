using TorchSharp;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Kit.Data;
using Kit.IO;
using Kit.Models;

namespace Kit.Training;

/// <summary>What `kit train` writes to metrics.json.</summary>
public sealed record TrainMetrics
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public MachineInfo? Machine { get; init; }
    public TrainSpec Spec { get; init; } = new();
    public int TrainImages { get; init; }
    public int ValidationImages { get; init; }
    public int TestImages { get; init; }
    public List<EpochRecord> Epochs { get; init; } = [];
    public int BestEpoch { get; init; }
    public double ValidationAccuracy { get; init; }
    public double TestAccuracy { get; init; }
    public double TestLoss { get; init; }
    public double Seconds { get; init; }
    public double SecondsPerEpoch { get; init; }
    public string Checkpoint { get; init; } = "model.pt";
    /// <summary>"cpu" or "cuda": where it ran.</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>Train → select on validation → test → save checkpoint and metrics.json. Used by `kit train`.</summary>
public static class TrainRun
{
    public static TrainMetrics Run(TrainSpec spec, string outDir, IProgress<TrainProgress>? progress = null, Action<EpochRecord>? onEpoch = null,
        ResumeMode resume = ResumeMode.Fresh)
    {
        spec.Train.Validate();
        TorchRuntime.Start(spec.Threads);
        var device = Devices.Resolve(spec.Device);
        var sw = Stopwatch.StartNew();
        using var data = DatasetRegistry.Load(spec.Data);
        using var model = ModelRegistry.Create(spec.Model, data.Info, spec.Seed);
        model.to(TorchSharp.torch.device(device));
        using var journal = RunJournal.Open(outDir, "train", Json.ToNode(spec), resume);
        var trainer = new Trainer(model, spec.Train, spec.Seed) { Progress = progress, Journal = journal };
        var history = trainer.Fit(data.Train, data.Validation, onEpoch: onEpoch);
        var test = Evaluator.Evaluate(model, data.Test, spec.Train.EvalBatchSize);
        var best = history.Count == 0 ? null : history.MaxBy(h => h.ValidationAccuracy);
        var metrics = new TrainMetrics
        {
            Machine = KitInfo.Machine(),
            Spec = spec,
            TrainImages = data.Train.Count,
            ValidationImages = data.Validation.Count,
            TestImages = data.Test.Count,
            Epochs = history,
            BestEpoch = best?.Epoch ?? 0,
            ValidationAccuracy = best?.ValidationAccuracy ?? Evaluator.Evaluate(model, data.Validation).Accuracy,
            TestAccuracy = test.Accuracy,
            TestLoss = test.Loss,
            Seconds = sw.Elapsed.TotalSeconds,
            SecondsPerEpoch = history.Count == 0 ? 0 : history.Average(h => h.Seconds),
            Device = device,
        };
        Directory.CreateDirectory(outDir);
        Checkpoint.Save(model, Path.Combine(outDir, "model.pt"), new CheckpointInfo
        {
            Dataset = spec.Data.Dataset,
            Classes = spec.Data.Classes,
            Seed = spec.Seed,
            Spec = Json.ToNode(spec),
            Metrics = new JsonObject
            {
                ["validation_accuracy"] = metrics.ValidationAccuracy,
                ["test_accuracy"] = metrics.TestAccuracy,
                ["best_epoch"] = metrics.BestEpoch,
            },
        });
        AtomicFile.WriteWithChecksum(Path.Combine(outDir, "metrics.json"), Json.Serialize(metrics));
        journal.Complete();
        return metrics;
    }
}
