using System.Diagnostics;
using Kit.Data;
using Kit.Export;

namespace Kit.Training;

/// <summary>
/// `kit eval`: the test accuracy of a saved model (a checkpoint or an exported model file) on its own dataset's test
/// split (dataset and classes from the sidecar or the file header), with the load and evaluation times.
/// </summary>
public sealed record ModelEvaluation
{
    public string Model { get; init; } = "";
    public string ModelSha256 { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string Dataset { get; init; } = "";
    public int[]? Classes { get; init; }
    public int TestImages { get; init; }
    public double Accuracy { get; init; }
    public double Loss { get; init; }
    public double LoadSeconds { get; init; }
    public double EvalSeconds { get; init; }

    /// <summary>Loads and evaluates; the caller starts the torch runtime.</summary>
    public static ModelEvaluation Run(string path, int? limit = null, string? dataDir = null)
    {
        if (limit is < 1) throw new KitException($"limit must be >= 1, got {limit}");
        var clock = Stopwatch.StartNew();
        var (model, info) = ModelLoader.Load(path);
        double load = clock.Elapsed.TotalSeconds;
        using (model)
        {
            // Validation size 1: only the test split is used, and the validation size does not change it.
            using var splits = DatasetRegistry.Load(new DataOptions { Dataset = info.Dataset, Classes = info.Classes, ValidationSize = 1, TestLimit = limit, DataDir = dataDir });
            clock.Restart();
            var r = Evaluator.Evaluate(model, splits.Test);
            return new ModelEvaluation
            {
                Model = Path.GetFileName(ModelLoader.Resolve(path)), ModelSha256 = info.WeightsSha256, Architecture = info.Architecture,
                Dataset = info.Dataset, Classes = info.Classes, TestImages = r.Count, Accuracy = r.Accuracy, Loss = r.Loss,
                LoadSeconds = load, EvalSeconds = clock.Elapsed.TotalSeconds,
            };
        }
    }
}
