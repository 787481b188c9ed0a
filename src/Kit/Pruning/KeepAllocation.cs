using Kit.Models;

namespace Kit.Pruning;

/// <summary>
/// Turns "overall rate r" (total prunable weights / kept weights) into per-layer pruning sets.
///
/// Rule (documented default, exponent 0.5): the kept-weight budget of layer i is min(N_i, c * N_i^exponent),
/// with c found by bisection so the budgets sum to N_total / r. Exponent 1 is uniform density; smaller
/// exponents keep small layers denser, which is what the ADMM papers' LeNet-5 tables do (conv1 and the
/// classifier stay far denser than fc1). For LeNet-5 at 100x it gives conv1 ~22%, conv2 ~3.1%,
/// fc1 ~0.77%, fc2 ~6.9% kept. Layers with explicit fractions are fixed first and the rest of the
/// budget is spread over the others.
///
/// Budgets become units per scheme (<see cref="PruningScheme.FromBudget"/>): irregular keeps round(budget)
/// weights; filter / column / channel keep round(budget / unit size) units; filter_column keeps a block with
/// both sides at sqrt(density) (rows = round(sqrt(f) * Rows), columns = round(budget / rows)); N:M keeps its
/// fixed pattern. The last layer's rows are the class outputs and are never removed (filter: that layer stays
/// dense; filter_column: only its columns are pruned). Rounding makes the achieved rate differ from r
/// slightly; results report the achieved one.
/// </summary>
internal static class KeepAllocation
{
    public sealed record Layer(string Name, LayerGeometry Geometry, bool IsLast);

    /// <summary>The allocation's view of a model's prunable layers, in order; the last one holds the class outputs.</summary>
    public static List<Layer> Layers(IReadOnlyList<PrunableLayer> layers) =>
        layers.Select((l, k) => new Layer(l.Name, LayerGeometry.Of(l), k == layers.Count - 1)).ToList();

    /// <summary>How far (relative) the rate of fully pinned fractions may sit from the stated rate: rounding of kept counts, not more.</summary>
    public const double RateTolerance = 0.02;

    public static Dictionary<string, PruningSetSpec> Resolve(
        PruningScheme scheme, IReadOnlyList<Layer> layers, double? rate, double exponent,
        IReadOnlyDictionary<string, LayerKeep>? overrides, string where = "prune", IReadOnlyDictionary<string, long>? caps = null)
    {
        var result = new Dictionary<string, PruningSetSpec>();
        var free = new List<Layer>();
        long total = layers.Sum(l => (long)l.Geometry.Count), fixedKept = 0;
        foreach (var l in layers)
        {
            if (overrides != null && overrides.TryGetValue(l.Name, out var keep))
            {
                keep.Validate(scheme, $"{where}.layers.{l.Name}");
                result[l.Name] = scheme.FromFractions(keep, l.Geometry);
            }
            else if (scheme.Fixed(l.Geometry, l.IsLast) is { } fixedSpec)
                result[l.Name] = fixedSpec;
            else { free.Add(l); continue; }
            fixedKept += result[l.Name].KeptWeights(l.Geometry);
        }
        if (rate is null)
        {
            foreach (var l in free) result[l.Name] = scheme.Dense(l.Geometry);
            return result;
        }
        if (!(rate >= 1)) throw new KitException($"{where}.rate must be >= 1, got {rate}");
        if (!(exponent > 0 && exponent <= 1)) throw new KitException($"{where}.allocation_exponent must be in (0, 1], got {exponent}");
        // With every layer pinned the rate cannot steer anything; a spec whose fractions give another rate is
        // more likely a typo than an intent, and running it would report a rate nobody asked for.
        if (free.Count == 0 && Math.Abs(total / (double)fixedKept / rate.Value - 1) > RateTolerance)
            throw new KitException($"{where}.rate {rate} does not match its per-layer fractions, which keep {fixedKept} of {total} weights ({total / (double)fixedKept:0.##}x); every layer is fixed, so the rate is only a check: change it or the fractions");
        double budget = total / rate.Value - fixedKept;
        if (free.Count > 0 && budget < free.Count)
            throw new KitException($"{where}.rate {rate} leaves no weights for layers {string.Join(", ", free.Select(f => f.Name))} after the fixed layers keep {fixedKept}");
        var sizes = free.Select(f => (double)f.Geometry.Count).ToArray();
        var limits = caps is null ? null : free.Select(f => caps.TryGetValue(f.Name, out long c) ? Math.Min(c, f.Geometry.Count) : (double)f.Geometry.Count).ToArray();
        var budgets = Budgets(sizes, budget, exponent, limits);
        for (int i = 0; i < free.Count; i++) result[free[i].Name] = scheme.FromBudget(budgets[i], free[i].Geometry, free[i].IsLast);
        return result;
    }

    /// <summary>
    /// b_i = min(L_i, c N_i^e) with sum b_i = budget (c by bisection); the limit L_i is the layer size N_i, or a smaller
    /// cap (the weights a progressive step's earlier support still holds: a later step cannot keep more than that,
    /// so a layer at its cap hands the rest of its share to the others). A budget at or above the limits' sum keeps
    /// every layer at its limit.
    /// </summary>
    public static double[] Budgets(double[] sizes, double budget, double exponent, double[]? limits = null)
    {
        var lim = limits ?? sizes;
        if (lim.Length != sizes.Length) throw new ArgumentException("one limit per layer", nameof(limits));
        if (budget >= lim.Sum()) return lim.ToArray();
        double lo = 0, hi = 1;
        double Sum(double c) => sizes.Select((n, i) => Math.Min(lim[i], c * Math.Pow(n, exponent))).Sum();
        while (Sum(hi) < budget) hi *= 2;
        for (int it = 0; it < 200; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (Sum(mid) < budget) lo = mid; else hi = mid;
        }
        return sizes.Select((n, i) => Math.Min(lim[i], hi * Math.Pow(n, exponent))).ToArray();
    }
}
