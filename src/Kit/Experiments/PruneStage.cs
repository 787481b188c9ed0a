using System.Diagnostics;
using Kit.Admm;
using Kit.Data;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Experiments;

/// <summary>
/// One pruning step of the pipeline: per-layer sets from the step's rate or fractions, ADMM towards them (or
/// nothing, for magnitude pruning), hard mapping of W onto its set within the earlier mask, masked retraining.
/// </summary>
internal static class PruneStage
{
    public static StageResult Run(PipelineRun run, PruneSpec prune, int i, MaskHook hook, Dictionary<string, Tensor> pruneMasks,
        Dictionary<string, PruningSetSpec> sets, Action<string> log)
    {
        var sw = Stopwatch.StartNew();
        var step = prune.Steps[i];
        var layers = run.Model.PrunableLayers;
        string phase = PhaseName(i, prune.Steps.Count);
        // Only a searched step is capped: an unsearched one keeps the allocation its spec hash was made with.
        var caps = StepBudget.Searched(prune, i) ? StepBudget.Caps(layers, pruneMasks) : null;
        var choice = caps is null ? null : StepBudget.Choose(run, prune, i, pruneMasks, caps, phase, log);
        var alloc = KeepAllocation.Resolve(prune.Scheme, KeepAllocation.Layers(layers),
            step.Rate, choice?.Exponent ?? prune.AllocationExponent, step.Layers, $"prune.steps[{i}]", caps);
        var built = layers.ToDictionary(l => l.Name, l => alloc[l.Name].Build(LayerGeometry.Of(l), $"prune.steps[{i}].{l.Name}"));
        log($"{phase}: {string.Join(", ", layers.Select(l => $"{l.Name} {alloc[l.Name].Describe(LayerGeometry.Of(l))}"))}");

        var admm = step.Admm ?? prune.Admm;
        int admmEpochs = 0;
        if (prune.Method == PruneMethod.Admm && admm.Periods > 0)
        {
            run.Admm(admm, layers.Select(l => (l, (Func<Tensor, Tensor>)(w => ProjectInside(built[l.Name], w, pruneMasks.GetValueOrDefault(l.Name))))).ToList(),
                [hook], $"{phase} admm");
            admmEpochs = admm.Epochs;
        }

        // Hard mapping: project W itself; the mask is the projection's support within the earlier mask.
        foreach (var l in layers)
        {
            var mask = built[l.Name].Mask(l.Weight);
            if (pruneMasks.Remove(l.Name, out var old)) { mask.mul_(old); old.Dispose(); }
            pruneMasks[l.Name] = mask;
            hook.Prune(l, mask);
            sets[l.Name] = alloc[l.Name];
        }
        double mapTest = run.Test(), mapVal = run.Validation();
        double rate = run.Rate();
        var budget = layers.Select(l =>
        {
            using var nnz = l.Weight.count_nonzero();
            return new LayerBudget(l.Name, alloc[l.Name].Describe(LayerGeometry.Of(l)), nnz.item<long>(), l.Weights);
        }).ToList();
        log($"{phase}: hard mapping to {rate:F1}x: test {mapTest:F2}%, validation {mapVal:F2}%");
        var retrain = step.Retrain ?? prune.Retrain;
        run.Fit(retrain, [hook], $"{phase} retrain", run.RetrainSeconds);
        double test = run.Test(), val = run.Validation();
        log($"{phase}: after masked retraining: test {test:F2}%, validation {val:F2}%");
        return new StageResult
        {
            Phase = phase, TargetRate = step.Rate, Rate = run.Rate(), AdmmEpochs = admmEpochs, RetrainEpochs = retrain.Epochs,
            AccuracyAfterMapping = mapTest, ValidationAfterMapping = mapVal, AccuracyAfterRetrain = test, ValidationAfterRetrain = val,
            Seconds = sw.Elapsed.TotalSeconds, Budget = budget, BudgetSearch = choice,
        };
    }

    /// <summary>The name of step <paramref name="i"/> of <paramref name="steps"/> (its training phases add " admm" and " retrain").</summary>
    public static string PhaseName(int i, int steps) => steps > 1 ? $"prune {i + 1}/{steps}" : "prune";

    /// <summary>
    /// A pruned starting checkpoint (prune-step-N.pt of a progressive run, or any pruned model.pt) carries its
    /// support in its zeros. Every later step must stay inside it: held at 0 during ADMM and retraining, and
    /// intersected at the hard mapping, exactly as when the steps run in one process; quantization too must not
    /// turn its zeros into levels. A layer without zeros (a dense model) gets no mask.
    /// </summary>
    public static void KeepCheckpointSupport(IReadOnlyList<PrunableLayer> layers, MaskHook hook, Dictionary<string, Tensor> pruneMasks, Action<string> log)
    {
        var kept = new List<string>();
        foreach (var l in layers)
        {
            Tensor support;
            long nnz;
            using (var scope = NewDisposeScope())
            {
                support = l.Weight.detach().ne(0).to(ScalarType.Float32);
                nnz = support.count_nonzero().item<long>();
                if (nnz == l.Weights) continue;
                support.MoveToOuterDisposeScope();
            }
            pruneMasks[l.Name] = support;
            hook.Prune(l, support);
            kept.Add($"{l.Name} {nnz}/{l.Weights}");
        }
        if (kept.Count > 0) log($"starting checkpoint is pruned; its support is kept: {string.Join(", ", kept)}");
    }

    /// <summary>Z-step of a later progressive step: the nearest point of the set among weights inside the earlier support.</summary>
    static Tensor ProjectInside(IPruningSet set, Tensor w, Tensor? support)
    {
        if (support is null) return set.Project(w);
        using var inside = w * support;
        return set.Project(inside);
    }
}
