using System.Text.Json.Serialization;
using Kit.Admm;
using Kit.Data;
using Kit.Models;
using Kit.Pruning;
using Kit.Quantization;
using Kit.Training;

namespace Kit.Experiments;

/// <summary>
/// One compression experiment, as a plain JSON record (snake_case, read strictly: unknown fields are
/// errors). Pipeline: train dense (select on validation) -> for each prune step: ADMM (or one-shot
/// magnitude) -> hard mapping -> masked retrain -> quantize (ADMM with the mask kept) -> snap -> evaluate.
/// </summary>
public sealed record CompressionSpec
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string Model { get; init; } = "lenet5";
    public DataOptions Data { get; init; } = new();
    public long Seed { get; init; } = 1;
    /// <summary>Torch threads; 0 = min(2, cores).</summary>
    public int Threads { get; init; }
    /// <summary>auto (CUDA when available, else CPU), cpu or cuda; the device used is recorded in result.json.</summary>
    /// <remarks>Not written when auto, so specs and cache keys from before the field existed stay the same.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;
    public DenseSpec Dense { get; init; } = new();
    public PruneSpec? Prune { get; init; }
    public QuantizeSpec? Quantize { get; init; }
    /// <summary>When set, every training phase trains on PGD examples (concurrent adversarial ADMM; RQ5).</summary>
    public Kit.Robustness.AdversarialSpec? Adversarial { get; init; }
    /// <summary>What the `--dense` checkpoint is, when it is another run's model (a record for readers and tables).</summary>
    public StartSpec? Start { get; init; }

    /// <summary>Checks everything that does not need the model; errors name the field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new KitException("name must be a non-empty string");
        if (!ModelRegistry.Contains(Model)) throw new KitException($"model: unknown model '{Model}' (known: {string.Join(", ", ModelRegistry.Names)})");
        if (!DatasetRegistry.Names.Contains(Data.Dataset, StringComparer.OrdinalIgnoreCase))
            throw new KitException($"data.dataset: unknown dataset '{Data.Dataset}' (known: {string.Join(", ", DatasetRegistry.Names)})");
        if (Data.ValidationSize < 1) throw new KitException($"data.validation_size must be >= 1 (checkpoints are chosen on validation), got {Data.ValidationSize}");
        if (Data.TrainLimit is < 1) throw new KitException($"data.train_limit must be >= 1, got {Data.TrainLimit}");
        if (Data.ValidationLimit is < 1) throw new KitException($"data.validation_limit must be >= 1, got {Data.ValidationLimit}");
        if (Data.TestLimit is < 1) throw new KitException($"data.test_limit must be >= 1, got {Data.TestLimit}");
        if (Threads < 0 || Threads > 256) throw new KitException($"threads must be in 0..256, got {Threads}");
        Dense.Train.Validate("dense.train");
        Prune?.Validate("prune");
        Quantize?.Validate("quantize");
        Adversarial?.Validate("adversarial");
        Start?.Validate("start");
        if (Prune is null && Quantize is null) throw new KitException("prune and quantize are both missing: nothing to compress");
    }

    /// <summary>Checks layer names against the model.</summary>
    public void Validate(KitModel model)
    {
        var names = model.PrunableLayers.Select(l => l.Name).ToHashSet();
        string known = string.Join(", ", names);
        if (Prune is not null)
            for (int i = 0; i < Prune.Steps.Count; i++)
                foreach (var n in Prune.Steps[i].Layers?.Keys ?? Enumerable.Empty<string>())
                    if (!names.Contains(n)) throw new KitException($"prune.steps[{i}].layers.{n}: model {model.Architecture} has no layer '{n}' (layers: {known})");
        if (Quantize?.LayerBits is { } lb)
            foreach (var n in lb.Keys)
                if (!names.Contains(n)) throw new KitException($"quantize.layer_bits.{n}: model {model.Architecture} has no layer '{n}' (layers: {known})");
        // Keep counts are resolved now, not when the step is reached: an impossible one must fail before hours of training.
        if (Prune is not null)
        {
            var layers = model.PrunableLayers;
            for (int i = 0; i < Prune.Steps.Count; i++)
            {
                var alloc = KeepAllocation.Resolve(Prune.Scheme,
                    KeepAllocation.Layers(layers),
                    Prune.Steps[i].Rate, Prune.AllocationExponent, Prune.Steps[i].Layers, $"prune.steps[{i}]");
                foreach (var l in layers) alloc[l.Name].Build(LayerGeometry.Of(l), $"prune.steps[{i}].{l.Name}");
            }
        }
    }

    /// <summary>
    /// Quick mode: 2,000 training / 500 validation / 2,000 test images and at most 2 dense epochs, 2 ADMM
    /// periods of 1 epoch and 1 retraining epoch per phase; for smoke runs, tests and CI, not for numbers.
    /// </summary>
    public CompressionSpec AsQuick()
    {
        static TrainConfig T(TrainConfig t, int max) => t with { Epochs = Math.Min(t.Epochs, max) };
        static AdmmConfig A(AdmmConfig a) => a with { PeriodEpochs = 1, Periods = Math.Min(a.Periods, 2), Train = T(a.Train, 1) };
        return this with
        {
            Data = Data with
            {
                TrainLimit = Math.Min(Data.TrainLimit ?? int.MaxValue, 2000),
                ValidationLimit = Math.Min(Data.ValidationLimit ?? int.MaxValue, 500),
                TestLimit = Math.Min(Data.TestLimit ?? int.MaxValue, 2000),
            },
            Dense = Dense with { Train = T(Dense.Train, 2) },
            Prune = Prune is null ? null : Prune with
            {
                Admm = A(Prune.Admm),
                Retrain = T(Prune.Retrain, 1),
                Steps = Prune.Steps.Select(s => s with { Admm = s.Admm is null ? null : A(s.Admm), Retrain = s.Retrain is null ? null : T(s.Retrain, 1) }).ToList(),
            },
            Quantize = Quantize is null ? null : Quantize with { Admm = A(Quantize.Admm), Retrain = T(Quantize.Retrain, 1) },
        };
    }
}

/// <summary>How the dense starting point is trained (or pass a checkpoint with `kit compress --dense`).</summary>
public sealed record DenseSpec
{
    public TrainConfig Train { get; init; } = new() { Epochs = 15 };
}

[JsonConverter(typeof(JsonStringEnumConverter<PruneMethod>))]
public enum PruneMethod
{
    /// <summary>ADMM-NN-S: ADMM towards the set, then hard mapping and masked retraining.</summary>
    [JsonStringEnumMemberName("admm")] Admm,
    /// <summary>Baseline: one-shot magnitude projection of the current weights, then masked retraining.</summary>
    [JsonStringEnumMemberName("magnitude")] Magnitude,
}

/// <summary>
/// Pruning: a scheme and one or more steps (progressive pruning: e.g. 50x, then 348x; each step is ADMM +
/// hard mapping + masked retraining and starts from the previous step's model and mask).
/// </summary>
public sealed record PruneSpec
{
    public PruningScheme Scheme { get; init; } = PruningSchemes.Irregular;
    public PruneMethod Method { get; init; } = PruneMethod.Admm;
    /// <summary>Per-layer budget exponent for `rate` targets (see KeepAllocation).</summary>
    public double AllocationExponent { get; init; } = 0.5;
    /// <summary>When set, each step with a rate chooses its exponent on validation instead (see <see cref="BudgetSearchSpec"/>).</summary>
    public BudgetSearchSpec? BudgetSearch { get; init; }
    public List<PruneStepSpec> Steps { get; init; } = [];
    /// <summary>ADMM schedule of every step unless the step overrides it.</summary>
    public AdmmConfig Admm { get; init; } = new();
    /// <summary>Masked retraining after each step's hard mapping unless the step overrides it.</summary>
    public TrainConfig Retrain { get; init; } = new() { Lr = 0.01, Epochs = 6 };

    public void Validate(string where)
    {
        if (Steps.Count == 0) throw new KitException($"{where}.steps must list at least one step");
        if (!(AllocationExponent > 0 && AllocationExponent <= 1)) throw new KitException($"{where}.allocation_exponent must be in (0, 1], got {AllocationExponent}");
        BudgetSearch?.Validate($"{where}.budget_search");
        // Its candidates would all prune to the same pattern: epochs spent, nothing chosen.
        if (BudgetSearch is not null && !Scheme.SpreadsBudget)
            throw new KitException($"{where}.budget_search: scheme {Scheme.Name} keeps the same pattern in every layer whatever the budget, so there is no allocation to search; remove budget_search");
        Admm.Validate($"{where}.admm");
        Retrain.Validate($"{where}.retrain");
        double last = 1;
        for (int i = 0; i < Steps.Count; i++)
        {
            string at = $"{where}.steps[{i}]";
            var s = Steps[i] ?? throw new KitException($"{at} is null: give a step object ({{\"rate\": R}} or per-layer fractions)");
            if (s.Rate is null && (s.Layers is null || s.Layers.Count == 0)) throw new KitException($"{at}: give a rate or per-layer fractions in layers");
            if (s.Rate is { } r)
            {
                if (!(r >= 1) || double.IsInfinity(r)) throw new KitException($"{at}.rate must be >= 1, got {r}");
                if (r < last) throw new KitException($"{at}.rate {r} is below the previous step's {last}: progressive steps must not decrease the rate");
                last = r;
            }
            foreach (var (name, keep) in s.Layers ?? [])
                (keep ?? throw new KitException($"{at}.layers.{name} is null: give the kept fractions")).Validate(Scheme, $"{at}.layers.{name}");
            s.Admm?.Validate($"{at}.admm");
            s.Retrain?.Validate($"{at}.retrain");
        }
    }
}

public sealed record PruneStepSpec
{
    /// <summary>Overall rate target: total prunable weights / kept weights (biases excluded).</summary>
    public double? Rate { get; init; }
    /// <summary>Per-layer kept fractions; these layers are fixed, the rate's budget is spread over the others.</summary>
    public Dictionary<string, LayerKeep>? Layers { get; init; }
    public AdmmConfig? Admm { get; init; }
    public TrainConfig? Retrain { get; init; }
}

/// <summary>
/// Quantization of the (pruned) net: ADMM with per-layer quantization sets that keep the pruning mask,
/// then snap to the levels, optionally in rounds that freeze the closest `freeze_fraction` of each
/// level's weights and retrain the rest. `progressive`: layers but the first and last are quantized first,
/// then those two (the paper's order for the fully binarized LeNet-5).
/// </summary>
public sealed record QuantizeSpec
{
    public int Bits { get; init; } = 8;
    public QuantizerKind Kind { get; init; } = QuantizerKind.Uniform;
    public bool ZeroIsCode { get; init; }
    /// <summary>Per-layer bit widths overriding `bits`; 32 leaves a layer in float.</summary>
    public Dictionary<string, int>? LayerBits { get; init; }
    public bool Progressive { get; init; }
    public AdmmConfig Admm { get; init; } = new() { Periods = 2 };
    /// <summary>Retraining after each snap: only unfrozen parameters move (biases, layers not quantized yet).</summary>
    public TrainConfig Retrain { get; init; } = new() { Lr = 0.005, Epochs = 2 };
    /// <summary>0 = snap everything at once; else freeze this fraction more of each level per round.</summary>
    public double FreezeFraction { get; init; }
    /// <summary>`layer` (one level table per layer, the paper's form) or `filter` (one per output row).</summary>
    /// <remarks>Not written when `layer`, so specs and cache keys from before the field existed stay the same.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public QuantGranularity Granularity { get; init; }
    /// <summary>
    /// Retraining after each snap also trains the level scales of the layers snapped so far (their codes, signs and
    /// zeros fixed: one factor per level table), instead of holding them at the fitted levels.
    /// </summary>
    /// <remarks>Not written when false, so specs and cache keys from before the field existed stay the same.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TrainScales { get; init; }

    public void Validate(string where)
    {
        Spec(Bits).Validate(where);
        foreach (var (name, b) in LayerBits ?? [])
            if (b != 32) Spec(b).Validate($"{where}.layer_bits.{name}");
        if (!(FreezeFraction >= 0 && FreezeFraction <= 1)) throw new KitException($"{where}.freeze_fraction must be in [0, 1], got {FreezeFraction}");
        Admm.Validate($"{where}.admm");
        Retrain.Validate($"{where}.retrain");
    }

    public QuantizerSpec Spec(int bits) => new() { Kind = Kind, Bits = bits, ZeroIsCode = ZeroIsCode };

    public int BitsOf(string layer) => LayerBits != null && LayerBits.TryGetValue(layer, out var b) ? b : Bits;
}
