using System.Diagnostics;
using System.Text.Json.Serialization;
using Kit.Data;
using Kit.Models;

namespace Kit.Training;

/// <summary>`kit bench train --compare-raw`: the kit's loop and <see cref="RawTrainingLoop"/>, epoch for epoch.</summary>
public sealed record RawLoopComparisonReport
{
    public int BatchSize { get; init; }
    public int Threads { get; init; }
    public int Images { get; init; }
    public int Epochs { get; init; }
    public List<double> KitEpochSeconds { get; init; } = [];
    public List<double> RawLoopEpochSeconds { get; init; } = [];
    public double KitSecondsPerEpoch { get; init; }
    public double RawLoopSecondsPerEpoch { get; init; }
    /// <summary>kit / raw loop, from the medians: 1.03 means the kit's loop costs 3% more per epoch.</summary>
    public double KitOverRaw { get; init; }
    public double KitTestAccuracy { get; init; }
    public double RawLoopTestAccuracy { get; init; }
    [JsonPropertyName("load_average_before")] public string? LoadBefore { get; init; }
    [JsonPropertyName("load_average_after")] public string? LoadAfter { get; init; }
}

public static class RawLoopComparison
{
    /// <summary>
    /// Times <paramref name="epochs"/> epochs of each loop, alternating kit and raw epoch by epoch so a change in
    /// machine load hits both alike; medians, then each model's test accuracy after its timed epochs.
    /// Both use the kit's default SGD settings at <paramref name="batchSize"/> (the kit with its default schedule).
    /// </summary>
    public static RawLoopComparisonReport Run(string dataset, int batchSize, int epochs, int threads, long seed, string? dataDir, Action<string>? log = null)
    {
        TorchRuntime.Start(threads);
        using var data = DatasetRegistry.Load(new DataOptions { Dataset = dataset, ValidationSize = 0, DataDir = dataDir });
        return Run(data, batchSize, epochs, seed, log);
    }

    /// <summary>The comparison on splits already loaded (torch started).</summary>
    public static RawLoopComparisonReport Run(DataSplits data, int batchSize, int epochs, long seed, Action<string>? log = null)
    {
        if (epochs < 1) throw new KitException($"--epochs must be >= 1 to time anything, got {epochs}");
        var before = KitInfo.LoadAverage();
        var cfg = new TrainConfig { BatchSize = batchSize, Epochs = epochs };
        using var net = ModelRegistry.Create("lenet5", data.Info, seed);
        var kit = new Trainer(net, cfg, seed) { Phase = "bench" };
        using var raw = new RawTrainingLoop(data.Train, data.Info, cfg, seed);
        List<double> kitTimes = [], rawTimes = [];
        for (int e = 0; e < epochs; e++)
        {
            var sw = Stopwatch.StartNew();
            kit.TrainEpoch(data.Train, e, e, epochs);
            kitTimes.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            raw.TrainEpoch();
            rawTimes.Add(sw.Elapsed.TotalSeconds);
            log?.Invoke($"epoch {e + 1}/{epochs}: kit {kitTimes[^1]:F2} s, raw loop {rawTimes[^1]:F2} s");
        }
        double k = Statistics.Median(kitTimes), r = Statistics.Median(rawTimes);
        return new RawLoopComparisonReport
        {
            BatchSize = batchSize, Threads = TorchRuntime.Threads, Images = data.Train.Count, Epochs = epochs,
            KitEpochSeconds = kitTimes, RawLoopEpochSeconds = rawTimes, KitSecondsPerEpoch = k, RawLoopSecondsPerEpoch = r,
            KitOverRaw = k / r, KitTestAccuracy = Evaluator.Evaluate(net, data.Test).Accuracy,
            RawLoopTestAccuracy = raw.Accuracy(data.Test, data.Info), LoadBefore = before, LoadAfter = KitInfo.LoadAverage(),
        };
    }

}
