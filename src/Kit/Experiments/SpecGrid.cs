using Kit.Admm;
using Kit.Data;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;

namespace Kit.Experiments;

/// <summary>
/// The shipped LeNet-5 spec grid (specs/*.json is its output; `kit specs --out specs` regenerates it, and a
/// test checks the committed files match). Per dataset (MNIST, Fashion-MNIST):
/// - irregular 50x and 100x (one step each) and 348x (progressive: 50x, 150x, 348x);
/// - filter_column 10x and 20x;
/// each as float (prune only) and at 8, 4, 3 and 1 bit (1 bit: progressive binarization, first and last
/// layers last); a fully binarized unpruned net; one-shot magnitude baselines for irregular 100x and
/// filter_column 10x with the same total epochs as the ADMM spec (ADMM + retraining epochs, all retraining).
/// Schedules (chosen for a 2-core CPU; see the README for what they reach): dense 15 epochs at lr 0.01
/// (Caffe's LeNet solver; 0.05 with momentum 0.9 diverges on full MNIST); per prune step
/// ADMM 6 periods x 2 epochs, rho 0.01 x1.5 per step (cap 1), then 8 epochs of masked retraining;
/// quantization ADMM 4 periods x 2 epochs, then 2 retraining epochs per snap.
/// </summary>
public static class SpecGrid
{
    public static readonly string[] Datasets = ["mnist", "fashion-mnist"];
    public static readonly int[] BitWidths = [32, 8, 4, 3, 1];

    static readonly TrainConfig Dense = new() { Lr = 0.01, Momentum = 0.9, WeightDecay = 5e-4, Epochs = 15, BatchSize = 64 };
    static readonly AdmmConfig PruneAdmm = new()
    {
        Rho0 = 0.01, RhoGrowth = 1.5, RhoMax = 1.0, PeriodEpochs = 2, Periods = 6,
        Train = new TrainConfig { Lr = 0.01, Momentum = 0.9, WeightDecay = 1e-4, Epochs = 2 },
    };
    static readonly TrainConfig Retrain = new() { Lr = 0.01, Momentum = 0.9, WeightDecay = 1e-4, Epochs = 8 };
    static readonly AdmmConfig QuantAdmm = PruneAdmm with { Periods = 4 };
    static readonly TrainConfig QuantRetrain = new() { Lr = 0.005, Momentum = 0.9, WeightDecay = 0, Epochs = 2 };

    sealed record Pruning(string Tag, PruningScheme Scheme, double[] Rates);

    static readonly Pruning[] Prunings =
    [
        new("irregular-50x", PruningSchemes.Get("irregular"), [50]),
        new("irregular-100x", PruningSchemes.Get("irregular"), [100]),
        new("irregular-348x", PruningSchemes.Get("irregular"), [50, 150, 348]),
        new("filter_column-10x", PruningSchemes.Get("filter_column"), [10]),
        new("filter_column-20x", PruningSchemes.Get("filter_column"), [20]),
    ];

    public static IEnumerable<CompressionSpec> LeNet5()
    {
        foreach (var ds in Datasets)
        {
            foreach (var p in Prunings)
                foreach (var bits in BitWidths)
                {
                    string bitTag = bits == 32 ? "float" : $"{bits}bit";
                    yield return Base(ds, $"lenet5-{ds}-{p.Tag}-{bitTag}",
                        $"LeNet-5 on {ds}: ADMM {Scheme(p)} pruning to {p.Rates[^1]}x ({Steps(p)}), {(bits == 32 ? "weights left in float32" : $"{bits}-bit weights")}") with
                    {
                        Prune = Prune(p, PruneMethod.Admm),
                        Quantize = bits == 32 ? null : Quant(bits),
                    };
                }
            yield return Base(ds, $"lenet5-{ds}-binary-full",
                $"LeNet-5 on {ds}: fully binarized (every layer, first and last included, progressively), not pruned") with
            {
                Quantize = Quant(1),
            };
            foreach (var p in Prunings.Where(p => p.Tag is "irregular-100x" or "filter_column-10x"))
                yield return Base(ds, $"lenet5-{ds}-{p.Tag}-magnitude",
                    $"Baseline for lenet5-{ds}-{p.Tag}-float: one-shot magnitude pruning with masked retraining for the same total epochs (ADMM + retraining)") with
                {
                    Prune = Prune(p, PruneMethod.Magnitude),
                };
        }
    }

    static string Scheme(Pruning p) => p.Scheme.Description;
    static string Steps(Pruning p) => p.Rates.Length == 1 ? "one step" : "progressive: " + string.Join(", then ", p.Rates.Select(r => $"{r}x"));

    static CompressionSpec Base(string dataset, string name, string description) => new()
    {
        Name = name,
        Description = description,
        Model = "lenet5",
        Data = new DataOptions { Dataset = dataset, ValidationSize = 5000 },
        Seed = 1,
        Threads = 2,
        Dense = new DenseSpec { Train = Dense },
    };

    static PruneSpec Prune(Pruning p, PruneMethod method) => new()
    {
        Scheme = p.Scheme,
        Method = method,
        AllocationExponent = 0.5,
        Steps = [.. p.Rates.Select(r => new PruneStepSpec { Rate = r })],
        Admm = PruneAdmm,
        // Same total epochs: the baseline retrains for the ADMM epochs too.
        Retrain = method == PruneMethod.Admm ? Retrain : Retrain with { Epochs = Retrain.Epochs + PruneAdmm.Epochs },
    };

    static QuantizeSpec Quant(int bits) => new()
    {
        Bits = bits,
        Kind = QuantizerKind.Uniform,
        Progressive = bits == 1,
        Admm = QuantAdmm,
        Retrain = QuantRetrain,
    };

    /// <summary>Writes every spec as NAME.json; returns the paths.</summary>
    public static List<string> Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var s in LeNet5())
        {
            var path = Path.Combine(folder, s.Name + ".json");
            IO.AtomicFile.WriteAllText(path, IO.Json.Serialize(s) + "\n");
            paths.Add(path);
        }
        return paths;
    }
}
