using System.Diagnostics;
using Kit.Data;
using Kit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Training;

public sealed record TrainProgress(string Phase, int Epoch, int Epochs, int Batch, int Batches, double Loss, double ImagesPerSecond);

public sealed record EpochRecord(
    string Phase, int Epoch, double TrainLoss, double TrainAccuracy, double ValidationAccuracy, double ValidationLoss,
    double Lr, double Seconds);

/// <summary>Raised when the loss or weights stop being finite; names where it happened.</summary>
internal sealed class DivergenceException(string message) : KitException(message);

/// <summary>
/// The one training loop of the kit: seeded data order, per-step learning rate from a schedule object,
/// hooks for ADMM / masks / adversarial inputs, and a dispose scope per batch (without it TorchSharp
/// leaks native memory, ~1.5 GB per 300 steps).
/// </summary>
internal sealed class Trainer
{
    readonly KitModel model;
    readonly TrainConfig config;
    readonly ILrSchedule schedule;
    readonly long seed;
    readonly optim.Optimizer optimizer;

    public IProgress<TrainProgress>? Progress { get; init; }
    public string Phase { get; init; } = "train";
    /// <summary>When set, every epoch is checkpointed after it ends, and replayed instead of trained when already journaled.</summary>
    public RunJournal? Journal { get; init; }
    /// <summary>When set, <see cref="EpochRecord.Seconds"/> of <see cref="Fit"/> times the training pass alone (no validation).</summary>
    public bool TimeTrainingOnly { get; init; }

    public Trainer(KitModel model, TrainConfig config, long seed)
    {
        config.Validate();
        this.model = model;
        this.config = config;
        this.seed = seed;
        schedule = config.Schedule.Build();
        optimizer = config.CreateOptimizer(model.parameters());
    }

    public optim.Optimizer Optimizer => optimizer;

    /// <summary>
    /// The order of epoch <paramref name="epoch"/> depends only on (seed, epoch), so a resumed run sees
    /// the same batches as an uninterrupted one.
    /// </summary>
    public static long[] EpochOrder(int count, long seed, int epoch) =>
        DatasetRegistry.Permutation(count, unchecked((int)(seed * 1_000_003 + epoch * 7919 + 17)));

    /// <summary>Trains one epoch; <paramref name="scheduleEpoch"/> and <paramref name="scheduleLength"/> place it in the schedule.</summary>
    public (double loss, double accuracy, double lr) TrainEpoch(Dataset train, int epoch, int scheduleEpoch, int scheduleLength,
        IReadOnlyList<ITrainingHook>? hooks = null, int totalEpochs = 0)
    {
        hooks ??= [];
        model.train();
        var order = EpochOrder(train.Count, seed, epoch);
        int batches = (train.Count + config.BatchSize - 1) / config.BatchSize;
        double lossSum = 0, lr = config.Lr;
        long correct = 0, seen = 0;
        var sw = Stopwatch.StartNew();
        using var orderTensor = tensor(order, ScalarType.Int64);
        var device = Devices.Of(model);
        for (int b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            int start = b * config.BatchSize, len = Math.Min(config.BatchSize, train.Count - start);
            var idx = orderTensor.narrow(0, start, len);
            var x = train.Images.index_select(0, idx).to(device);
            var y = train.Labels.index_select(0, idx).to(device);
            foreach (var h in hooks) x = h.TransformInputs(model, x, y);
            lr = schedule.Rate(config.Lr, scheduleEpoch + (double)b / batches, scheduleLength);
            foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
            optimizer.zero_grad();
            var logits = model.forward(x);
            var loss = nn.functional.cross_entropy(logits, y);
            var total = loss;
            foreach (var h in hooks)
                if (h.ExtraLoss(model) is { } extra) total = total.add(extra, TorchScalars.One);
            // Checked before the step, so the weights that produced a non-finite loss are the ones named.
            float lv = loss.item<float>(), tv = ReferenceEquals(total, loss) ? lv : total.item<float>();
            if (!float.IsFinite(lv) || !float.IsFinite(tv))
                throw new DivergenceException($"phase '{Phase}', epoch {epoch + 1}, batch {b + 1}: " +
                    (!float.IsFinite(lv) ? $"loss became {lv}" : $"loss with the constraint term became {tv}") + $"; {Culprit(model)}");
            total.backward();
            foreach (var h in hooks) h.AfterBackward(model);
            optimizer.step();
            foreach (var h in hooks) h.AfterStep(model);
            if (b == 1 && Journal is { } j) FaultInjection.Hit("mid-epoch", j.NextIndex);
            lossSum += lv * len;
            correct += logits.argmax(1).eq(y).sum().item<long>();
            seen += len;
            if (Progress != null && (b % 10 == 0 || b == batches - 1))
                Progress.Report(new TrainProgress(Phase, epoch + 1, totalEpochs > 0 ? totalEpochs : scheduleLength, b + 1, batches,
                    lossSum / seen, seen / Math.Max(1e-9, sw.Elapsed.TotalSeconds)));
        }
        CheckWeights(epoch);
        return (lossSum / Math.Max(1, seen), 100.0 * correct / Math.Max(1, seen), lr);
    }

    void CheckWeights(int epoch)
    {
        if (FirstNonFinite(model) is { } name)
            throw new DivergenceException($"phase '{Phase}', epoch {epoch + 1}: parameter {name} is not finite after the epoch");
    }

    /// <summary>The first parameter (layer.weight / layer.bias) holding NaN or Inf, or null.</summary>
    public static string? FirstNonFinite(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (!p.isfinite().all().item<bool>()) return name;
        }
        return null;
    }

    /// <summary>
    /// Names the layer to blame: the first parameter that is not finite, else (finite weights that overflow the
    /// activations) the prunable layer with the largest weight magnitude, with every layer's max |w| for context.
    /// TorchSharp runs forward hooks only through Module.call, which the kit's models bypass, so the first
    /// non-finite activation cannot be located without changing every model.
    /// </summary>
    static string Culprit(KitModel model)
    {
        if (FirstNonFinite(model) is { } name) return $"parameter {name} is not finite";
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var sizes = model.PrunableLayers.Select(l => (l.Name, max: (double)l.Weight.abs().max().item<float>())).ToList();
        if (sizes.Count == 0) return "every parameter is finite";
        var top = sizes.MaxBy(t => t.max);
        return $"every parameter is finite; layer {top.Name} has the largest weights (max |w| {top.max:G3}; " +
               string.Join(", ", sizes.Select(t => $"{t.Name} {t.max:G3}")) + ")";
    }

    /// <summary>
    /// One checkpointed epoch: replayed from the journal when it is already there, else trained, validated
    /// (<paramref name="validate"/> may return null: no validation after this epoch) and committed.
    /// </summary>
    public JournalUnit RunEpoch(Dataset train, int epoch, int scheduleEpoch, int scheduleLength, IReadOnlyList<ITrainingHook> hooks,
        Func<EvalResult?> validate, int totalEpochs = 0)
    {
        if (Journal?.TryReplay(Phase, epoch, model, optimizer, hooks) is { } done) return done;
        var sw = Stopwatch.StartNew();
        var (loss, acc, lr) = TrainEpoch(train, epoch, scheduleEpoch, scheduleLength, hooks, totalEpochs);
        double trainSeconds = sw.Elapsed.TotalSeconds;
        var val = validate();
        var unit = new JournalUnit
        {
            Phase = Phase, Epoch = epoch, TrainLoss = loss, TrainAccuracy = acc, Lr = lr,
            ValidationAccuracy = val?.Accuracy ?? double.NaN, ValidationLoss = val?.Loss ?? double.NaN,
            TrainSeconds = trainSeconds, Seconds = sw.Elapsed.TotalSeconds,
        };
        Journal?.Commit(unit, model, optimizer, hooks);
        return unit;
    }

    /// <summary>
    /// Trains for the configured epochs, evaluating on validation after each; at the end the weights of
    /// the best validation epoch are restored (the test set plays no part in the choice).
    /// </summary>
    public List<EpochRecord> Fit(Dataset train, Dataset validation, IReadOnlyList<ITrainingHook>? hooks = null,
        Action<EpochRecord>? onEpoch = null, bool restoreBest = true)
    {
        hooks ??= [];
        var history = new List<EpochRecord>();
        Dictionary<string, Tensor>? best = null;
        double bestAcc = double.NegativeInfinity;
        try
        {
            for (int e = 0; e < config.Epochs; e++)
            {
                var u = RunEpoch(train, e, e, config.Epochs, hooks, () => Evaluator.Evaluate(model, validation, config.EvalBatchSize));
                var rec = new EpochRecord(Phase, e + 1, u.TrainLoss, u.TrainAccuracy, u.ValidationAccuracy, u.ValidationLoss, u.Lr, TimeTrainingOnly ? u.TrainSeconds : u.Seconds);
                history.Add(rec);
                onEpoch?.Invoke(rec);
                if (restoreBest && (u.ValidationAccuracy > bestAcc || best is null))
                {
                    bestAcc = u.ValidationAccuracy;
                    DisposeAll(best);
                    best = Snapshot(model);
                }
            }
            if (restoreBest && best is not null) Restore(model, best);
        }
        finally { DisposeAll(best); }
        return history;
    }

    public static Dictionary<string, Tensor> Snapshot(nn.Module module)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().MoveToOuterDisposeScope());
    }

    public static void Restore(nn.Module module, Dictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        foreach (var (name, t) in module.state_dict())
            if (state.TryGetValue(name, out var saved)) t.copy_(saved);
    }

    static void DisposeAll(Dictionary<string, Tensor>? d)
    {
        if (d is null) return;
        foreach (var t in d.Values) t.Dispose();
    }
}
