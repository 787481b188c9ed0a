using Kit.Models;
using Kit.Pruning;

namespace Kit.Experiments;

/// <summary>One allocation tried by <see cref="BudgetSearch"/>: its rule, the per-layer kept fractions it gives, and its validation score.</summary>
public sealed record BudgetCandidate(double Exponent, Dictionary<string, LayerKeep> Layers, double ValidationAccuracy, double Rate, string Folder);

/// <summary>What `kit budget` writes: every candidate, the winner, and the spec with the winner's fractions as data.</summary>
public sealed record BudgetSearchResult
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public string BaseSpec { get; init; } = "";
    public string DenseCheckpoint { get; init; } = "";
    public string DenseSha256 { get; init; } = "";
    public double Rate { get; init; }
    public int RetrainEpochs { get; init; }
    public int? TrainLimit { get; init; }
    public string Procedure { get; init; } = BudgetSearch.Procedure;
    public List<BudgetCandidate> Candidates { get; init; } = [];
    public double BestExponent { get; init; }
    public CompressionSpec Spec { get; init; } = new();
}

/// <summary>
/// Chooses the per-layer budget of a prune spec on the validation split only. Each candidate is the
/// allocation rule of <see cref="KeepAllocation"/> at one exponent (1 = uniform density, smaller = small layers
/// denser). It is scored by one-shot magnitude pruning of the dense model at the spec's final rate plus a short
/// masked retraining; the score is the validation accuracy of the checkpoint the retraining keeps (the test set
/// is never read for the choice). The winner's kept fractions are then written into every step of the spec, so
/// the budget is data a reader can see and edit. Ties go to the exponent nearest the default 0.5.
/// A cheap proxy by design: the full ADMM schedule is what the chosen budget is then used with.
/// </summary>
public static class BudgetSearch
{
    public const string Procedure =
        "for each allocation exponent: one-shot magnitude prune of the dense model at the final rate, masked retraining for retrain_epochs, " +
        "score = validation accuracy (best retraining epoch); the highest score wins (ties: exponent nearest 0.5); its per-layer kept fractions are written into every prune step";

    public static BudgetSearchResult Run(CompressionSpec baseSpec, string denseCheckpoint, IReadOnlyList<double> exponents, int retrainEpochs,
        int? trainLimit, string workDir, Action<string>? log = null)
    {
        log ??= _ => { };
        baseSpec.Validate();
        var prune = baseSpec.Prune ?? throw new KitException("prune: the spec has no prune section, so there is no budget to choose");
        if (prune.Steps[^1].Rate is not { } rate) throw new KitException("prune.steps[-1].rate: the last step needs a rate for a budget search");
        if (exponents.Count == 0) throw new KitException("--exponents: give at least one exponent in (0, 1]");
        foreach (var e in exponents)
            if (!(e > 0 && e <= 1)) throw new KitException($"--exponents: {e} is not in (0, 1]");
        if (retrainEpochs < 1) throw new KitException($"--epochs must be >= 1, got {retrainEpochs}");
        if (!File.Exists(denseCheckpoint)) throw new KitException($"--dense {denseCheckpoint}: no such file");

        string denseSha = Kit.IO.AtomicFile.Sha256(denseCheckpoint);
        var candidates = new List<BudgetCandidate>();
        foreach (var e in exponents)
        {
            var trial = baseSpec with
            {
                Name = $"{baseSpec.Name}-budget-e{e:0.###}",
                Quantize = null,
                Data = baseSpec.Data with { TrainLimit = trainLimit ?? baseSpec.Data.TrainLimit },
                Prune = prune with
                {
                    Method = PruneMethod.Magnitude,
                    AllocationExponent = e,
                    Steps = [new PruneStepSpec { Rate = rate }],
                    Retrain = prune.Retrain with { Epochs = retrainEpochs },
                },
            };
            string folder = Path.Combine(workDir, $"e{e:0.###}");
            var r = Finished(folder, trial, denseSha);
            if (r is not null) log($"exponent {e:0.###}: {folder} finished earlier with this spec and dense model; reused");
            else r = CompressionPipeline.Run(trial, folder, new CompressionOptions { DenseCheckpoint = denseCheckpoint, Log = log });
            candidates.Add(new BudgetCandidate(e, Resolve(baseSpec, rate, e), r.ValidationAccuracy, r.OverallRate, folder));
            log($"exponent {e:0.###}: validation {r.ValidationAccuracy:F2}% at {r.OverallRate:F1}x");
        }
        var best = candidates.OrderByDescending(c => c.ValidationAccuracy).ThenBy(c => Math.Abs(c.Exponent - 0.5)).First();
        var spec = baseSpec with
        {
            Name = baseSpec.Name + "-budgeted",
            Description = Described(baseSpec.Description, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Per-layer budget chosen by kit budget on validation (exponent {best.Exponent:0.###} of {string.Join(", ", exponents.Select(x => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}).")),
            Prune = prune with
            {
                AllocationExponent = best.Exponent,
                Steps = prune.Steps.Select(s => s.Rate is { } r ? s with { Layers = Resolve(baseSpec, r, best.Exponent) } : s).ToList(),
            },
        };
        spec.Validate();
        return new BudgetSearchResult
        {
            BaseSpec = baseSpec.Name, DenseCheckpoint = denseCheckpoint, DenseSha256 = denseSha,
            Rate = rate, RetrainEpochs = retrainEpochs, TrainLimit = trainLimit, Candidates = candidates, BestExponent = best.Exponent, Spec = spec,
        };
    }

    /// <summary>
    /// A candidate's earlier result when its folder holds one made by this very spec from this dense checkpoint: a search
    /// that was killed (or rerun with more exponents) continues instead of retraining every candidate. Anything else there
    /// (another spec, another dense model, an unfinished run) is not reused; the pipeline then runs the candidate afresh.
    /// </summary>
    static CompressionResult? Finished(string folder, CompressionSpec trial, string denseSha)
    {
        string file = Path.Combine(folder, "result.json");
        if (!File.Exists(file)) return null;
        CompressionResult r;
        try { r = Kit.IO.Json.ReadFile<CompressionResult>(file, strict: false); }
        catch (KitException) { return null; }
        return r.SpecSha256 == Kit.IO.SpecIdentity.Hash(trial) && r.DenseSha256 == denseSha ? r : null;
    }

    /// <summary>The per-layer kept fractions the allocation rule gives at this rate, as spec data (counts round back exactly).</summary>
    public static Dictionary<string, LayerKeep> Resolve(CompressionSpec spec, double rate, double exponent)
    {
        var info = Kit.Data.DatasetRegistry.Info(spec.Data.Dataset, spec.Data.Classes);
        using var model = ModelRegistry.Create(spec.Model, info, 0);
        var layers = model.PrunableLayers;
        var alloc = KeepAllocation.Resolve(spec.Prune!.Scheme,
            KeepAllocation.Layers(layers), rate, exponent, null);
        return layers.ToDictionary(l => l.Name, l => AsFractions(alloc[l.Name], LayerGeometry.Of(l)));
    }

    static LayerKeep AsFractions(PruningSetSpec s, LayerGeometry g) => new()
    {
        Weights = s.Keep is { } k ? (double)k / g.Count : null,
        Rows = s.Rows is { } r ? (double)r / g.Rows : null,
        Columns = s.Columns is { } c ? (double)c / g.Columns : null,
        Channels = s.Channels is { } ch ? (double)ch / g.Channels : null,
    };

    /// <summary>The base spec's description followed by the budget sentence; a description that ends a question or an
    /// exclamation keeps its mark instead of gaining a full stop.</summary>
    internal static string Described(string? description, string sentence)
    {
        string head = (description ?? "").Trim().TrimEnd('.');
        if (head.Length == 0) return sentence;
        return head + (head.EndsWith('?') || head.EndsWith('!') ? " " : ". ") + sentence;
    }
}
