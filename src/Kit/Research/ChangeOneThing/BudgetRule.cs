using Kit.Research.WorkedExamples;

using static System.FormattableString;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 03: swap the per-layer budget rule (KeepAllocation's exponent e: 0.5 the kit's default, 1 a uniform density).
/// Stated before the run: a larger e moves weights from small layers to large ones, so conv1 (the smallest) keeps fewer
/// and fc1 (the largest) more; a smaller e the reverse ("or stays": a layer can sit at its cap).
/// </summary>
public static class BudgetRule
{
    public static OneChange Run(double exponent = 1.0, double rate = 100, double baseline = 0.5)
    {
        var a = BudgetExample.Compute(rate, baseline);
        var b = BudgetExample.Compute(rate, exponent);
        double Kept(BudgetExample x, string layer) => x.Layers.Single(l => l.Layer == layer).Kept;
        return new OneChange(Invariant($"per-layer budget exponent at {rate:0.##}x"), Invariant($"e = {baseline:0.##}"), Invariant($"e = {exponent:0.##}"),
        [
            new Effect("conv1 kept weights (the smallest layer)", Kept(a, "conv1"), Kept(b, "conv1"), Effect.Follows(baseline, exponent, Expectation.FallsOrStays, Expectation.RisesOrStays)),
            new Effect("fc1 kept weights (the largest layer)", Kept(a, "fc1"), Kept(b, "fc1"), Effect.Follows(baseline, exponent, Expectation.RisesOrStays, Expectation.FallsOrStays)),
        ],
        "LeNet-5's layer sizes through the kit's KeepAllocation rule (BudgetExample), computed now; no model is trained.");
    }

    /// <summary>Both budgets side by side, one row per layer.</summary>
    public static Microsoft.Data.Analysis.DataFrame Table(double exponent = 1.0, double rate = 100, double baseline = 0.5)
    {
        var a = BudgetExample.Compute(rate, baseline);
        var b = BudgetExample.Compute(rate, exponent);
        return ReproFrames.From(a.Layers.Zip(b.Layers, (x, y) => new Dictionary<string, object?>
        {
            ["layer"] = x.Layer, ["weights"] = (double)x.Weights, [Invariant($"kept before, e = {baseline:0.##}")] = (double)x.Kept, [Invariant($"kept after, e = {exponent:0.##}")] = (double)y.Kept,
            [Invariant($"layer rate before, e = {baseline:0.##}")] = x.LayerRate, [Invariant($"layer rate after, e = {exponent:0.##}")] = y.LayerRate,
        }));
    }
}
