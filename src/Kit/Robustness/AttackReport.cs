using System.Diagnostics;
using Kit.Data;
using Kit.IO;
using Kit.Training;

namespace Kit.Robustness;

public sealed record AttackSettings
{
    public AttackKind Kind { get; init; }
    public int Steps { get; init; } = 1;
    public double? StepSize { get; init; }
    public bool RandomStart { get; init; }
    public long Seed { get; init; }
}

public sealed record AttackPoint(double Eps, double RobustAccuracy);

/// <summary>
/// What `kit attack --out` writes and RQ5 reads back: one model, one attack, clean accuracy and one robust accuracy
/// per eps, with the model's SHA-256 and the machine so a number can be traced to the weights that produced it.
/// </summary>
public sealed record AttackReport
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public MachineInfo? Machine { get; init; }
    public string? OmpWaitPolicy { get; init; }
    public int Threads { get; init; }
    public string Model { get; init; } = "";
    public string ModelSha256 { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string Dataset { get; init; } = "";
    public int[]? Classes { get; init; }
    public AttackSettings Attack { get; init; } = new();
    public string RobustDefinition { get; init; } = Definition;
    public int TestImages { get; init; }
    public double CleanAccuracy { get; init; }
    public List<AttackPoint> Points { get; init; } = [];
    public double Seconds { get; init; }

    public const string Definition = "correct on the clean image and on its adversarial example";

    public static AttackReport Read(string path) => Json.ReadFile<AttackReport>(path, strict: false);

    /// <summary>
    /// Attacks a saved model on the first <paramref name="limit"/> images of its own test split (dataset and classes from the
    /// checkpoint's sidecar). The caller starts the torch runtime (thread count is part of what makes results repeatable).
    /// </summary>
    public static AttackReport Run(string modelPath, AttackConfig config, IReadOnlyList<double> epsilons, int? limit = null,
        int batchSize = 500, string? dataDir = null, Action<string>? log = null)
    {
        foreach (var e in epsilons) (config with { Eps = e }).Validate();
        if (limit is < 1) throw new KitException($"limit must be >= 1, got {limit}");
        var sw = Stopwatch.StartNew();
        var (net, info) = Export.ModelLoader.Load(modelPath);
        using (net)
        {
            // Validation size 1: the attack needs only the test split, which the validation size does not change.
            using var splits = DatasetRegistry.Load(new DataOptions
            {
                Dataset = info.Dataset, Classes = info.Classes, ValidationSize = 1, TestLimit = limit, DataDir = dataDir,
            });
            log?.Invoke($"kit {KitInfo.Version}: {config.DescribeMethod()} on {info.Architecture} ({info.Dataset} test, {splits.Test.Count} images), eps {string.Join(", ", epsilons)}");
            var result = RobustEvaluator.Evaluate(net, splits.Test, config, epsilons, batchSize, null, log);
            bool pgd = config.Kind == AttackKind.Pgd;
            return new AttackReport
            {
                Machine = KitInfo.Machine(),
                OmpWaitPolicy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"),
                Threads = TorchRuntime.Threads,
                Model = Path.GetFileName(modelPath),
                ModelSha256 = info.WeightsSha256,
                Architecture = info.Architecture,
                Dataset = info.Dataset,
                Classes = info.Classes,
                Attack = new AttackSettings { Kind = config.Kind, Steps = pgd ? config.Steps : 1, StepSize = pgd ? config.StepSize : null, RandomStart = pgd && config.RandomStart, Seed = config.Seed },
                TestImages = result.Count,
                CleanAccuracy = result.CleanAccuracy,
                Points = result.Points.Select(p => new AttackPoint(p.Eps, p.RobustAccuracy)).ToList(),
                Seconds = sw.Elapsed.TotalSeconds,
            };
        }
    }
}
