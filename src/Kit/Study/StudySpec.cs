using Kit.Data;
using Kit.Experiments;
using Kit.IO;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;

namespace Kit.Study;

/// <summary>
/// A study: a grid of shared prefixes, not independent runs. Per dataset and seed one dense model; per chain a
/// sequence of rates, each step continuing the previous step's model (its support kept), so every rate of a chain
/// is a result and costs one step, not a run from dense; each rate listed in `quantize_at` is quantized at every
/// bit width of `bits`, each from that one pruned model. Schedules (ADMM, retraining, quantization) are the
/// templates `prune` and `quantize`; a chain only says scheme, method and rates (and may override the template).
/// Planned by <see cref="StudyPlan"/>, run by <see cref="StudyRunner"/>; every node lands in `results/` as it ends.
/// </summary>
public sealed record StudySpec
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string Model { get; init; } = "lenet5";
    public List<StudyDataset> Datasets { get; init; } = [];
    /// <summary>The dense recipe, one model per (dataset, seed).</summary>
    public TrainConfig Dense { get; init; } = new();
    /// <summary>Schedule template of every prune step (its scheme, method and steps are set by the chain).</summary>
    public PruneSpec Prune { get; init; } = new();
    /// <summary>Schedule template of every quantization node (its bits are set from `bits`).</summary>
    public QuantizeSpec Quantize { get; init; } = new();
    public List<StudyChain> Chains { get; init; } = [];
    /// <summary>Bit widths every `quantize_at` model is quantized to (float is the prune node itself).</summary>
    public List<int> Bits { get; init; } = [];

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new KitException($"name must be a non-empty string of letters, digits, '-' and '_', got '{Name}'");
        if (!ModelRegistry.Contains(Model)) throw new KitException($"model: unknown model '{Model}' (known: {string.Join(", ", ModelRegistry.Names)})");
        if (Datasets.Count == 0) throw new KitException("datasets must list at least one dataset");
        for (int i = 0; i < Datasets.Count; i++) Datasets[i].Validate($"datasets[{i}]");
        if (Datasets.Select(d => d.Dataset).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Datasets.Count)
            throw new KitException("datasets: a dataset is listed twice");
        Dense.Validate("dense");
        ValidateTemplate(Prune, "prune");
        Quantize.Validate("quantize");
        if (Chains.Count == 0) throw new KitException("chains must list at least one chain");
        for (int i = 0; i < Chains.Count; i++) Chains[i].Validate($"chains[{i}]", Datasets);
        ValidateSharedNames();
        foreach (var (b, i) in Bits.Select((b, i) => (b, i)))
            if (b is < 1 or > 16) throw new KitException($"bits[{i}] must be in 1..16 (float is the pruned model itself), got {b}");
        if (Bits.Distinct().Count() != Bits.Count) throw new KitException("bits: a bit width is listed twice");
    }

    /// <summary>
    /// Entries with one name are one chain split over (dataset, seed) cells, e.g. more quantized rates on one dataset, or
    /// a shorter prefix for the extra seeds where the verdict is decided. Their runs share folder names and are averaged
    /// together, so they must prune alike (scheme, method, schedule) and never both cover a cell.
    /// </summary>
    void ValidateSharedNames()
    {
        foreach (var group in Chains.Select((c, i) => (c, i)).GroupBy(x => x.c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var (first, i0) = group.First();
            foreach (var (c, i) in group.Skip(1))
                if (c.Scheme.Name != first.Scheme.Name || c.Method != first.Method
                    || Json.Serialize(c.Prune ?? Prune) != Json.Serialize(first.Prune ?? Prune))
                    throw new KitException($"chains[{i}] has the name '{c.Name}' of chains[{i0}] but prunes differently (scheme, method or prune schedule): "
                        + "entries of one name are one chain over different datasets or seeds; give it a new name");
                else if (!IsPrefix(c.Rates, first.Rates) && !IsPrefix(first.Rates, c.Rates))
                    // Otherwise one name's 25x would continue 12x on some seeds and 4x on others: not one model history.
                    throw new KitException($"chains[{i}].rates must be a prefix of chains[{i0}].rates or extend it (both are '{c.Name}': each rate continues the same steps)");
            var owner = new Dictionary<(string, long), int>();
            foreach (var (c, i) in group)
                foreach (var cell in Cells(c))
                    if (!owner.TryAdd(cell, i))
                        throw new KitException($"chains: chains[{owner[cell]}] and chains[{i}] are both '{c.Name}' on {cell.Item1} seed {cell.Item2} "
                            + "(a chain's name is part of its run folders): limit one of them with `datasets` or `seeds`");
        }
    }

    static bool IsPrefix(List<double> a, List<double> b) => a.Count <= b.Count && a.SequenceEqual(b.Take(a.Count));

    /// <summary>The (dataset, seed) cells a chain runs on.</summary>
    IEnumerable<(string, long)> Cells(StudyChain c) => Datasets
        .Where(d => c.Datasets is null || c.Datasets.Contains(d.Dataset, StringComparer.OrdinalIgnoreCase))
        .SelectMany(d => d.Seeds.Where(s => c.Seeds is null || c.Seeds.Contains(s)).Select(s => (d.Dataset.ToLowerInvariant(), s)));

    /// <summary>A schedule template has no steps of its own: the chains give the rates.</summary>
    internal static void ValidateTemplate(PruneSpec p, string where)
    {
        if (p.Steps.Count > 0) throw new KitException($"{where}.steps: leave it out, the chains give the rates");
        (p with { Steps = [new PruneStepSpec { Rate = 2 }] }).Validate(where);
    }
}

public sealed record StudyDataset
{
    public string Dataset { get; init; } = "mnist";
    public List<long> Seeds { get; init; } = [1];
    public int ValidationSize { get; init; } = 5000;

    public void Validate(string where)
    {
        if (!DatasetRegistry.Names.Contains(Dataset, StringComparer.OrdinalIgnoreCase))
            throw new KitException($"{where}.dataset: unknown dataset '{Dataset}' (known: {string.Join(", ", DatasetRegistry.Names)})");
        if (Seeds.Count == 0) throw new KitException($"{where}.seeds must list at least one seed");
        if (Seeds.Distinct().Count() != Seeds.Count) throw new KitException($"{where}.seeds: a seed is listed twice");
        if (ValidationSize < 1) throw new KitException($"{where}.validation_size must be >= 1 (checkpoints are chosen on validation), got {ValidationSize}");
    }
}

/// <summary>One progressive chain of rates for one scheme and method.</summary>
public sealed record StudyChain
{
    /// <summary>Part of every run folder of the chain: `STUDY-DATASET-CHAIN-RATEx[-Bbit]-seedS`.</summary>
    public string Name { get; init; } = "";
    public PruningScheme Scheme { get; init; } = PruningSchemes.Irregular;
    public PruneMethod Method { get; init; } = PruneMethod.Admm;
    /// <summary>Increasing rates; each is one step from the previous rate's model (the first from dense).</summary>
    public List<double> Rates { get; init; } = [];
    /// <summary>Rates (of `rates`) quantized at every bit width of the study; none when absent.</summary>
    public List<double>? QuantizeAt { get; init; }
    /// <summary>Datasets this chain runs on (default: all of the study's).</summary>
    public List<string>? Datasets { get; init; }
    /// <summary>Seeds this chain runs with (default: each dataset's); a seed a dataset does not list is skipped there.</summary>
    public List<long>? Seeds { get; init; }
    /// <summary>Schedule for this chain instead of the study's `prune` template (scheme, method and steps still come from the chain).</summary>
    public PruneSpec? Prune { get; init; }

    public void Validate(string where, IReadOnlyList<StudyDataset> datasets)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new KitException($"{where}.name must be a non-empty string of letters, digits, '-' and '_', got '{Name}'");
        if (Rates.Count == 0) throw new KitException($"{where}.rates must list at least one rate");
        for (int i = 0; i < Rates.Count; i++)
        {
            if (!(Rates[i] > 1) || double.IsInfinity(Rates[i])) throw new KitException($"{where}.rates[{i}] must be > 1, got {Rates[i]}");
            if (i > 0 && !(Rates[i] > Rates[i - 1])) throw new KitException($"{where}.rates[{i}] = {Rates[i]} must exceed the previous rate {Rates[i - 1]} (each step continues the last)");
        }
        foreach (var q in QuantizeAt ?? [])
            if (!Rates.Contains(q)) throw new KitException($"{where}.quantize_at: {q} is not one of the chain's rates");
        foreach (var d in Datasets ?? [])
            if (!datasets.Any(x => string.Equals(x.Dataset, d, StringComparison.OrdinalIgnoreCase)))
                throw new KitException($"{where}.datasets: '{d}' is not one of the study's datasets");
        if (Prune is not null) StudySpec.ValidateTemplate(Prune, $"{where}.prune");
    }
}
