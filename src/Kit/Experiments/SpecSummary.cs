using System.Globalization;
using Kit.Admm;
using Kit.Data;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;

namespace Kit.Experiments;

/// <summary>
/// A compression spec in the dozen lines a reader needs (model and data, scheme, rate steps, the per-layer budget
/// each step resolves to, bits, epochs per phase, ADMM strength, seed), instead of ~150 lines of JSON. The notebooks
/// show it with the full JSON folded underneath.
/// </summary>
public static class SpecSummary
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<(string Field, string Value)> Of(CompressionSpec spec)
    {
        var rows = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(spec.Description)) rows.Add(("description", spec.Description!));
        rows.Add(("model, data", $"{spec.Model} on {spec.Data.Dataset}" + (spec.Data.Classes is { Length: > 0 } c ? $" (classes {string.Join(",", c)})" : "") + $"; {Images(spec.Data)}"));
        if (spec.Prune is { } p)
        {
            rows.Add(("scheme", $"{p.Scheme.Name}, {(p.Method == PruneMethod.Admm ? "ADMM" : "one-shot magnitude")} pruning"));
            rows.Add(("rate steps", string.Join(" → ", p.Steps.Select(StepText))));
            rows.Add(("per-layer budget", Budget(spec, p)));
            if (p.BudgetSearch is { } bs)
                rows.Add(("budget search", string.Create(Inv, $"each step with a rate chooses its exponent on validation among {string.Join(", ", bs.Exponents.Select(e => e.ToString("0.###", Inv)))} " +
                    $"({bs.Epochs} masked retraining epoch(s) per candidate); the budget above is the exponent {p.AllocationExponent:0.###} one, before the search")));
        }
        else rows.Add(("scheme", "no pruning (quantization only)"));
        rows.Add(("bits", Bits(spec.Quantize)));
        rows.Add(("epochs per phase", Epochs(spec)));
        if (Admms(spec).Select(Rho).Distinct().ToList() is { Count: > 0 } rhos) rows.Add(("ADMM ρ", string.Join("; ", rhos)));
        if (spec.Adversarial is { } adv) rows.Add(("adversarial training", Json(adv)));
        rows.Add(("seed", $"{spec.Seed} (validation split seed {spec.Data.SplitSeed})"));
        return rows;
    }

    static string Images(DataOptions d) =>
        $"{Count(d.TrainLimit, "all")} train · {Count(d.ValidationLimit, N(d.ValidationSize))} validation · {Count(d.TestLimit, "all")} test images";

    static string Count(int? limit, string otherwise) => limit is int n ? N(n) : otherwise;

    static string StepText(PruneStepSpec s) =>
        s.Rate is double r ? Rate(r) + (s.Layers is { Count: > 0 } l ? $" ({string.Join(", ", l.Keys)} fixed)" : "") : $"fixed fractions for {string.Join(", ", s.Layers?.Keys.AsEnumerable() ?? [])}";

    /// <summary>Kept weights per layer as each step resolves them on the real model (the pipeline's own allocation).</summary>
    static string Budget(CompressionSpec spec, PruneSpec p)
    {
        IReadOnlyList<PrunableLayer> layers;
        try { layers = Layers(spec); }
        catch (Exception e) when (e is KitException or TypeInitializationException or DllNotFoundException)
        {
            return $"(not resolved: {e.Message.Split('\n')[0]})";
        }
        var geometry = KeepAllocation.Layers(layers);
        var lines = new List<string>();
        for (int i = 0; i < p.Steps.Count; i++)
        {
            var alloc = KeepAllocation.Resolve(p.Scheme, geometry, p.Steps[i].Rate, p.AllocationExponent, p.Steps[i].Layers, $"prune.steps[{i}]");
            var kept = geometry.Select(g => (g.Name, Kept: alloc[g.Name].KeptWeights(g.Geometry), g.Geometry.Count)).ToList();
            var text = string.Join(" · ", kept.Select(k => $"{k.Name} {Percent((double)k.Kept / k.Count)}"));
            lines.Add((p.Steps.Count > 1 ? $"step {i + 1}: " : "") + $"{text} kept ({N(kept.Sum(k => k.Kept))} of {N(kept.Sum(k => (long)k.Count))} weights)");
        }
        return string.Join("; ", lines);
    }

    /// <summary>The model's prunable layers; the global torch generator is restored, so showing a spec changes no later run.</summary>
    static IReadOnlyList<PrunableLayer> Layers(CompressionSpec spec)
    {
        var state = TorchSharp.torch.random.get_rng_state();
        try
        {
            using var model = ModelRegistry.Create(spec.Model, DatasetRegistry.Info(spec.Data.Dataset, spec.Data.Classes), spec.Seed);
            return model.PrunableLayers.ToList();
        }
        finally
        {
            TorchSharp.torch.random.set_rng_state(state);
            state.Dispose();
        }
    }

    static string Bits(QuantizeSpec? q)
    {
        if (q is null) return "32 (float, not quantized)";
        var s = $"{q.Bits} ({q.Kind.ToString().ToLowerInvariant()}{(q.ZeroIsCode ? ", zero is a code" : "")})";
        if (q.LayerBits is { Count: > 0 } lb) s += "; " + string.Join(", ", lb.Select(kv => $"{kv.Key} {(kv.Value >= 32 ? "float" : kv.Value.ToString(Inv))}"));
        if (q.Granularity == QuantGranularity.Filter) s += "; one level table per filter (output row)";
        if (q.Progressive) s += "; first and last layers quantized last";
        if (q.TrainScales) s += "; level scales trained after each snap";
        if (q.FreezeFraction > 0) s += $"; snapped in rounds freezing {Percent(q.FreezeFraction)} per level";
        return s;
    }

    static string Epochs(CompressionSpec spec)
    {
        var parts = new List<string> { $"dense {spec.Dense.Train.Epochs}" };
        if (spec.Prune is { } p)
            for (int i = 0; i < p.Steps.Count; i++)
            {
                var s = p.Steps[i];
                var prefix = p.Steps.Count > 1 ? $"step {i + 1} " : "";
                parts.Add(p.Method == PruneMethod.Admm ? $"{prefix}prune ADMM {Admm(s.Admm ?? p.Admm)}" : $"{prefix}magnitude prune");
                parts.Add($"{prefix}masked retrain {(s.Retrain ?? p.Retrain).Epochs}");
            }
        if (spec.Quantize is { } q) parts.Add($"quantize ADMM {Admm(q.Admm)} · retrain {q.Retrain.Epochs}");
        return string.Join(" · ", parts);
    }

    static string Admm(AdmmConfig a) => $"{a.Epochs} ({a.Periods} Z/U steps × {a.PeriodEpochs})";

    static IEnumerable<AdmmConfig> Admms(CompressionSpec spec)
    {
        if (spec.Prune is { Method: PruneMethod.Admm } p)
        {
            yield return p.Admm;
            foreach (var s in p.Steps) if (s.Admm is { } a) yield return a;
        }
        if (spec.Quantize is { } q) yield return q.Admm;
    }

    static string Rho(AdmmConfig a) => $"{G(a.Rho0)} ×{G(a.RhoGrowth)} per Z/U step, at most {G(a.RhoMax)}";

    static string Json<T>(T value) => IO.Json.Serialize(value).Replace("\n", " ").Replace("  ", "");
    static string Rate(double r) => r.ToString(r >= 100 ? "F0" : "0.##", Inv) + "x";
    static string Percent(double f) => Results.NumberFormat.Percent(100 * f);
    static string N(long n) => n.ToString("N0", Inv);
    static string G(double v) => v.ToString("G4", Inv);
}
