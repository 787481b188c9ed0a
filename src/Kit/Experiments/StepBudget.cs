using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Experiments;

/// <summary>The budget search of one prune step (<see cref="BudgetSearchSpec"/>): try each exponent on the step's starting model, keep the best.</summary>
internal static class StepBudget
{
    /// <summary>Whether step <paramref name="i"/> chooses its exponent on validation: a search is set and the step spreads a rate (no fractions of its own).</summary>
    public static bool Searched(PruneSpec p, int i) => p.BudgetSearch is not null && p.Steps[i].Rate is not null && p.Steps[i].Layers is not { Count: > 0 };

    /// <summary>The journal phase of one candidate's retraining.</summary>
    public static string PhaseName(string stepPhase, double exponent) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stepPhase} budget e{exponent:0.###}");

    /// <summary>
    /// The weights each layer's earlier support still holds (no entry: the layer is dense so far). A later step's
    /// allocation is capped by them, because the hard mapping intersects with that support anyway: an uncapped layer
    /// asking for more would silently keep fewer, and the step would end below its rate.
    /// </summary>
    public static Dictionary<string, long> Caps(IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, Tensor> pruneMasks)
    {
        var caps = new Dictionary<string, long>();
        foreach (var l in layers)
            if (pruneMasks.TryGetValue(l.Name, out var m))
            {
                using var n = m.count_nonzero();
                caps[l.Name] = n.item<long>();
            }
        return caps;
    }

    /// <summary>
    /// Scores every exponent of the search from the current model (the step's start) and leaves the model as it found it.
    /// A candidate is one-shot magnitude pruning inside the earlier support plus masked retraining; its score is the
    /// validation accuracy of the checkpoint the retraining keeps. Ties go to the exponent nearest the default 0.5.
    /// <paramref name="caps"/> are <see cref="Caps"/> of the step's start, the same the step's own allocation uses.
    /// </summary>
    public static BudgetChoice Choose(PipelineRun run, PruneSpec prune, int i, IReadOnlyDictionary<string, Tensor> pruneMasks,
        IReadOnlyDictionary<string, long> caps, string phase, Action<string> log)
    {
        var search = prune.BudgetSearch ?? throw new InvalidOperationException("no budget search in this prune spec");
        var step = prune.Steps[i];
        var layers = run.Model.PrunableLayers;
        var geometry = KeepAllocation.Layers(layers);
        var retrain = (step.Retrain ?? prune.Retrain) with { Epochs = search.Epochs };
        var trials = new List<BudgetTrial>();
        var start = Trainer.Snapshot(run.Model);
        try
        {
            foreach (var e in search.Exponents)
            {
                var alloc = KeepAllocation.Resolve(prune.Scheme, geometry, step.Rate, e, step.Layers, $"prune.steps[{i}]", caps);
                // Its own hook: the candidate's mask lies inside the earlier support, and the step's hook stays untouched.
                using var hook = new MaskHook();
                foreach (var l in layers)
                {
                    var set = alloc[l.Name].Build(LayerGeometry.Of(l), $"prune.steps[{i}].{l.Name}");
                    using var mask = set.Mask(l.Weight);
                    if (pruneMasks.TryGetValue(l.Name, out var support)) mask.mul_(support);
                    hook.Prune(l, mask);
                }
                run.Fit(retrain, [hook], PhaseName(phase, e), []);
                var trial = new BudgetTrial(e, run.Rate(), run.Validation());
                trials.Add(trial);
                log($"{phase}: budget exponent {e:0.###}: {trial.Rate:F1}x, validation {trial.ValidationAccuracy:F2}% after {search.Epochs} epoch(s)");
                Trainer.Restore(run.Model, start);
            }
        }
        finally
        {
            foreach (var t in start.Values) t.Dispose();
        }
        var best = trials.OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => Math.Abs(t.Exponent - 0.5)).First();
        log($"{phase}: budget exponent {best.Exponent:0.###} chosen on validation");
        return new BudgetChoice(best.Exponent, search.Epochs, trials);
    }
}
