using Kit.Costs;
using Kit.Pruning;
using Microsoft.Data.Analysis;

namespace Kit.Research.WorkedExamples;

/// <summary>One layer of the budget: its size N, the rule's c N^e, the budget min(N, c N^e), and what the scheme keeps.</summary>
public sealed record LayerBudgetRow(string Layer, long Weights, double RulePart, double Budget, long Kept, double Density, double LayerRate);

/// <summary>
/// The per-layer budget the kit uses for an overall rate r (<see cref="KeepAllocation"/>): layer i may keep
/// b_i = min(N_i, c N_i^e) weights, with c chosen so that sum b_i = N_total / r; the irregular scheme keeps round(b_i).
/// Computed on LeNet-5's real layer sizes (no model built, no torch needed).
/// </summary>
public sealed record BudgetExample(double Rate, double Exponent, long TotalWeights, double Budget, double C, List<LayerBudgetRow> Layers)
{
    public long Kept => Layers.Sum(l => l.Kept);
    public double AchievedRate => (double)TotalWeights / Kept;

    public static BudgetExample Compute(double rate = 100, double exponent = 0.5, string scheme = "irregular")
    {
        var shapes = RandomMaskTable.LeNet5Shapes;
        var s = PruningSchemes.Get(scheme, "budget example scheme");
        var layers = shapes.Select((x, i) => new KeepAllocation.Layer(x.name, new LayerGeometry(x.rows, x.columns, x.name.StartsWith("conv") ? 25 : 1), i == shapes.Length - 1)).ToList();
        var alloc = KeepAllocation.Resolve(s, layers, rate, exponent, null, "budget example");
        var sizes = layers.Select(l => (double)l.Geometry.Count).ToArray();
        long total = layers.Sum(l => (long)l.Geometry.Count);
        double budget = total / rate;
        var budgets = KeepAllocation.Budgets(sizes, budget, exponent);
        // c of the rule, read back from a layer the min() did not cap (every layer is capped only when r = 1).
        int free = Enumerable.Range(0, sizes.Length).FirstOrDefault(i => budgets[i] < sizes[i], -1);
        double c = free < 0 ? double.NaN : budgets[free] / Math.Pow(sizes[free], exponent);
        var rows = layers.Select((l, i) =>
        {
            long kept = alloc[l.Name].KeptWeights(l.Geometry);
            return new LayerBudgetRow(l.Name, l.Geometry.Count, c * Math.Pow(sizes[i], exponent), budgets[i], kept, (double)kept / l.Geometry.Count, (double)l.Geometry.Count / kept);
        }).ToList();
        return new BudgetExample(rate, exponent, total, budget, c, rows);
    }

    public DataFrame Table() => ReproFrames.From(Layers);
}
