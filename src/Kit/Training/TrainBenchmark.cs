using System.Diagnostics;
using Kit.Data;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Training;

public sealed record TrainBenchRow(
    int BatchSize, int Threads, int Images, List<double> EpochSeconds, double MedianEpochSeconds,
    double TestAccuracy, double BatchingShare, double ForwardShare, double BackwardShare, double StepShare, double OtherShare);

/// <summary>
/// `kit bench train`: seconds per epoch of the real training loop at several batch sizes, then one
/// instrumented epoch that splits the time into batching, forward, backward and optimizer step
/// (CPU ops are synchronous, so wall-clock phases are meaningful). A benchmark, not a test.
/// </summary>
public static class TrainBenchmark
{
    public static TrainBenchRow Run(string model, string dataset, int batchSize, int epochs, int threads, long seed, string? dataDir,
        Action<string>? log = null)
    {
        TorchRuntime.Start(threads);
        using var data = DatasetRegistry.Load(new DataOptions { Dataset = dataset, ValidationSize = 0, DataDir = dataDir });
        using var net = ModelRegistry.Create(model, data.Info, seed);
        var cfg = new TrainConfig { BatchSize = batchSize, Epochs = epochs, Lr = 0.01 * Math.Sqrt(batchSize / 64.0) };
        var trainer = new Trainer(net, cfg, seed) { Phase = "bench" };
        var times = new List<double>();
        for (int e = 0; e < epochs; e++)
        {
            var sw = Stopwatch.StartNew();
            trainer.TrainEpoch(data.Train, e, e, epochs);
            times.Add(sw.Elapsed.TotalSeconds);
            log?.Invoke($"batch {batchSize}: epoch {e + 1} {sw.Elapsed.TotalSeconds:F2} s");
        }
        var acc = Evaluator.Evaluate(net, data.Test).Accuracy;
        var shares = Profile(net, cfg, data.Train, seed);
        double median = Statistics.Median(times);
        return new TrainBenchRow(batchSize, TorchRuntime.Threads, data.Train.Count, times, median, acc,
            shares[0], shares[1], shares[2], shares[3], shares[4]);
    }

    static double[] Profile(KitModel net, TrainConfig cfg, Dataset train, long seed)
    {
        var opt = cfg.CreateOptimizer(net.parameters());
        var t = new double[5];
        var order = Trainer.EpochOrder(train.Count, seed, 99);
        using var orderT = tensor(order, ScalarType.Int64);
        int batches = Math.Min((train.Count + cfg.BatchSize - 1) / cfg.BatchSize, 200);
        var total = Stopwatch.StartNew();
        var sw = new Stopwatch();
        net.train();
        for (int b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            sw.Restart();
            int start = b * cfg.BatchSize, len = Math.Min(cfg.BatchSize, train.Count - start);
            var idx = orderT.narrow(0, start, len);
            var x = train.Images.index_select(0, idx);
            var y = train.Labels.index_select(0, idx);
            t[0] += sw.Elapsed.TotalSeconds; sw.Restart();
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(net.forward(x), y);
            t[1] += sw.Elapsed.TotalSeconds; sw.Restart();
            loss.backward();
            t[2] += sw.Elapsed.TotalSeconds; sw.Restart();
            opt.step();
            t[3] += sw.Elapsed.TotalSeconds;
            loss.item<float>();
        }
        double all = total.Elapsed.TotalSeconds;
        t[4] = Math.Max(0, all - t[0] - t[1] - t[2] - t[3]);
        return t.Select(v => v / all).ToArray();
    }
}
