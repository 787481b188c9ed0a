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
/// Budgets become units per scheme: irregular keeps round(budget) weights; filter / column / channel
/// keep round(budget / unit size) units; filter_column keeps a block with both sides at sqrt(density)
/// (rows = round(sqrt(f) * Rows), columns = round(budget / rows)). The last layer's rows are the
/// class outputs and are never removed (filter: that layer stays dense; filter_column: only its columns
/// are pruned). Rounding makes the achieved rate differ from r slightly; results report the achieved one.
/// </summary>
public static class KeepAllocation
{
    public sealed record Layer(string Name, LayerGeometry Geometry, bool IsLast);

    public static Dictionary<string, PruningSetSpec> Resolve(
        PruningScheme scheme, IReadOnlyList<Layer> layers, double? rate, double exponent,
        IReadOnlyDictionary<string, LayerKeep>? overrides, string where = "prune")
    {
        var result = new Dictionary<string, PruningSetSpec>();
        var free = new List<Layer>();
        long total = layers.Sum(l => (long)l.Geometry.Count), fixedKept = 0;
        foreach (var l in layers)
        {
            if (overrides != null && overrides.TryGetValue(l.Name, out var keep))
            {
                keep.Validate(scheme, $"{where}.layers.{l.Name}");
                result[l.Name] = FromFractions(scheme, l, keep);
            }
            else if (scheme == PruningScheme.Filter && l.IsLast)
                result[l.Name] = new PruningSetSpec { Scheme = scheme, Rows = l.Geometry.Rows };
            else { free.Add(l); continue; }
            fixedKept += KeptWeights(result[l.Name], l.Geometry);
        }
        if (rate is null)
        {
            foreach (var l in free) result[l.Name] = Dense(scheme, l.Geometry);
            return result;
        }
        if (!(rate >= 1)) throw new KitException($"{where}.rate must be >= 1, got {rate}");
        if (!(exponent > 0 && exponent <= 1)) throw new KitException($"{where}.allocation_exponent must be in (0, 1], got {exponent}");
        double budget = total / rate.Value - fixedKept;
        if (free.Count > 0 && budget < free.Count)
            throw new KitException($"{where}.rate {rate} leaves no weights for layers {string.Join(", ", free.Select(f => f.Name))} after the fixed layers keep {fixedKept}");
        var budgets = Budgets(free.Select(f => (double)f.Geometry.Count).ToArray(), budget, exponent);
        for (int i = 0; i < free.Count; i++) result[free[i].Name] = FromBudget(scheme, free[i], budgets[i]);
        return result;
    }

    /// <summary>b_i = min(N_i, c N_i^e) with sum b_i = budget (c by bisection).</summary>
    public static double[] Budgets(double[] sizes, double budget, double exponent)
    {
        if (budget >= sizes.Sum()) return sizes.ToArray();
        double lo = 0, hi = 1;
        double Sum(double c) => sizes.Sum(n => Math.Min(n, c * Math.Pow(n, exponent)));
        while (Sum(hi) < budget) hi *= 2;
        for (int it = 0; it < 200; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (Sum(mid) < budget) lo = mid; else hi = mid;
        }
        return sizes.Select(n => Math.Min(n, hi * Math.Pow(n, exponent))).ToArray();
    }

    static PruningSetSpec Dense(PruningScheme s, LayerGeometry g) => s switch
    {
        PruningScheme.Irregular => new() { Scheme = s, Keep = g.Count },
        PruningScheme.Filter => new() { Scheme = s, Rows = g.Rows },
        PruningScheme.Column => new() { Scheme = s, Columns = g.Columns },
        PruningScheme.Channel => new() { Scheme = s, Channels = g.Channels },
        _ => new() { Scheme = s, Rows = g.Rows, Columns = g.Columns },
    };

    static PruningSetSpec FromFractions(PruningScheme s, Layer l, LayerKeep k)
    {
        var g = l.Geometry;
        return s switch
        {
            PruningScheme.Irregular => new() { Scheme = s, Keep = LayerKeep.Count(k.Weights!.Value, g.Count) },
            PruningScheme.Filter => new() { Scheme = s, Rows = LayerKeep.Count(k.Rows!.Value, g.Rows) },
            PruningScheme.Column => new() { Scheme = s, Columns = LayerKeep.Count(k.Columns!.Value, g.Columns) },
            PruningScheme.Channel => new() { Scheme = s, Channels = LayerKeep.Count(k.Channels!.Value, g.Channels) },
            _ => new() { Scheme = s, Rows = LayerKeep.Count(k.Rows!.Value, g.Rows), Columns = LayerKeep.Count(k.Columns!.Value, g.Columns) },
        };
    }

    static PruningSetSpec FromBudget(PruningScheme s, Layer l, double budget)
    {
        var g = l.Geometry;
        int Units(double perUnit, int units) => Math.Clamp((int)Math.Round(budget / perUnit), 1, units);
        switch (s)
        {
            case PruningScheme.Irregular: return new() { Scheme = s, Keep = Units(1, g.Count) };
            case PruningScheme.Filter: return new() { Scheme = s, Rows = Units(g.Columns, g.Rows) };
            case PruningScheme.Column: return new() { Scheme = s, Columns = Units(g.Rows, g.Columns) };
            case PruningScheme.Channel: return new() { Scheme = s, Channels = Units((double)g.Rows * g.KernelElements, g.Channels) };
            default:
                int rows = l.IsLast ? g.Rows : Math.Clamp((int)Math.Round(Math.Sqrt(budget / g.Count) * g.Rows), 1, g.Rows);
                return new() { Scheme = s, Rows = rows, Columns = Units(rows, g.Columns) };
        }
    }

    /// <summary>Weights inside the support of a set built from this spec.</summary>
    public static long KeptWeights(PruningSetSpec s, LayerGeometry g) => s.Scheme switch
    {
        PruningScheme.Irregular => s.Keep ?? g.Count,
        PruningScheme.Filter => (long)(s.Rows ?? g.Rows) * g.Columns,
        PruningScheme.Column => (long)(s.Columns ?? g.Columns) * g.Rows,
        PruningScheme.Channel => (long)(s.Channels ?? g.Channels) * g.KernelElements * g.Rows,
        _ => (long)(s.Rows ?? g.Rows) * (s.Columns ?? g.Columns),
    };
}
