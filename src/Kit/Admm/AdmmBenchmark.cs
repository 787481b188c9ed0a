using System.Diagnostics;
using Kit.Data;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;

namespace Kit.Admm;

public sealed record AdmmBenchResult(
    string Model, string Dataset, int TrainImages, int Threads, int BatchSize,
    List<double> PlainSeconds, List<double> AdmmSeconds, double PlainMedian, double AdmmMedian, double Ratio,
    List<double> PlainCpuSeconds, List<double> AdmmCpuSeconds, double PlainCpuMedian, double AdmmCpuMedian, double CpuRatio);

/// <summary>
/// Seconds of a plain training epoch vs an ADMM W-step epoch (irregular 100x sets on every layer) on the
/// same model and data. Epochs alternate plain/ADMM in ABBA order so drift and other load on the machine
/// fall on both sides alike; medians are compared, of wall time and of this process's CPU time (the
/// latter barely moves when other processes share the cores). A benchmark, never a test.
/// </summary>
public static class AdmmBenchmark
{
    public static AdmmBenchResult Run(string model, string dataset, int pairs, int threads, long seed, string? dataDir, Action<string>? log = null)
    {
        TorchRuntime.Start(threads);
        using var data = DatasetRegistry.Load(new DataOptions { Dataset = dataset, DataDir = dataDir });
        return Run(model, data.Train, data.Info, pairs, seed, log);
    }

    /// <summary>The same comparison on a given training set, at the thread count torch already runs with.</summary>
    public static AdmmBenchResult Run(string model, Dataset train, DatasetInfo info, int pairs, long seed, Action<string>? log = null)
    {
        if (pairs < 1) throw new KitException($"pairs must be >= 1, got {pairs}");
        using var net = ModelRegistry.Create(model, info, seed);
        var config = new TrainConfig { Lr = 0.01, Epochs = 1, WeightDecay = 1e-4 };
        var trainer = new Trainer(net, config, seed);
        var layers = net.PrunableLayers.Select(l =>
        {
            var set = new IrregularSet(LayerGeometry.Of(l), (int)Math.Max(1, l.Weights / 100));
            return new AdmmLayer(l, w => set.Project(w), 1e-3);
        }).ToList();
        try
        {
            var admm = new List<ITrainingHook> { new AdmmHook(layers) };
            var plain = new List<double>();
            var withAdmm = new List<double>();
            var plainCpu = new List<double>();
            var admmCpu = new List<double>();
            var process = Process.GetCurrentProcess();
            int epoch = 0;
            for (int p = 0; p < pairs; p++)
                foreach (bool useAdmm in p % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    trainer.TrainEpoch(train, epoch++, 0, 1, useAdmm ? admm : []);
                    double s = sw.Elapsed.TotalSeconds;
                    process.Refresh();
                    double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                    (useAdmm ? withAdmm : plain).Add(s);
                    (useAdmm ? admmCpu : plainCpu).Add(cpu);
                    log?.Invoke($"{(useAdmm ? "admm " : "plain")} epoch: {s:F2} s wall, {cpu:F2} s CPU");
                }
            double pm = Statistics.Median(plain), am = Statistics.Median(withAdmm);
            double pc = Statistics.Median(plainCpu), ac = Statistics.Median(admmCpu);
            return new AdmmBenchResult(model, info.Name, train.Count, TorchRuntime.Threads, config.BatchSize, plain, withAdmm, pm, am, am / pm,
                plainCpu, admmCpu, pc, ac, ac / pc);
        }
        finally { foreach (var l in layers) l.Dispose(); }
    }

}
