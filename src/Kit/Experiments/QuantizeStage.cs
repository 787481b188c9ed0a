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
/// The quantization stages of the pipeline: ADMM towards the levels with the pruning mask kept, then the snap,
/// optionally in freeze rounds (each round holds a further `freeze_fraction` of every level's closest weights
/// and retrains the rest), then retraining of what is not frozen.
/// </summary>
internal static class QuantizeStage
{
    /// <summary>Quantization stages: all quantized layers at once, or (progressive) all but the first and last, then those.</summary>
    public static IEnumerable<(List<PrunableLayer> layers, int index, int count)> Stages(QuantizeSpec q, IReadOnlyList<PrunableLayer> layers, Dictionary<string, int> bits)
    {
        var quantized = layers.Where(l => bits[l.Name] != 32).ToList();
        if (!q.Progressive || layers.Count <= 2) { if (quantized.Count > 0) yield return (quantized, 1, 1); yield break; }
        var edges = new HashSet<string> { layers[0].Name, layers[^1].Name };
        var inner = quantized.Where(l => !edges.Contains(l.Name)).ToList();
        var outer = quantized.Where(l => edges.Contains(l.Name)).ToList();
        int count = (inner.Count > 0 ? 1 : 0) + (outer.Count > 0 ? 1 : 0), index = 0;
        if (inner.Count > 0) yield return (inner, ++index, count);
        if (outer.Count > 0) yield return (outer, ++index, count);
    }

    /// <param name="earlier">Layers quantized by the earlier stages: frozen on their levels, and with
    /// `train_scales` their scales train again in this stage's retraining.</param>
    public static StageResult Run(PipelineRun run, QuantizeSpec q, List<PrunableLayer> stageLayers, IReadOnlyList<PrunableLayer> earlier,
        Dictionary<string, int> bits, int index, int count, MaskHook hook, Dictionary<string, Tensor> pruneMasks, Action<string> log)
    {
        var sw = Stopwatch.StartNew();
        string phase = count > 1 ? $"quantize {index}/{count}" : "quantize";
        var quantizers = stageLayers.ToDictionary(l => l.Name, l => q.Spec(bits[l.Name]).Build($"quantize.layer_bits.{l.Name}"));
        foreach (var l in stageLayers)
            if (!pruneMasks.ContainsKey(l.Name)) pruneMasks[l.Name] = ones_like(l.Weight);
        log($"{phase}: {string.Join(", ", stageLayers.Select(l => $"{l.Name} {bits[l.Name]} bit"))}");
        if (q.Admm.Periods > 0)
            run.Admm(q.Admm, stageLayers.Select(l => (l, (Func<Tensor, Tensor>)(w => quantizers[l.Name].Project(w, pruneMasks[l.Name], q.Granularity).projected))).ToList(),
                [hook], $"{phase} admm");

        // Snap, optionally in rounds that freeze the closest fraction of each level's weights.
        var levels = stageLayers.ToDictionary(l => l.Name, l =>
        {
            var w = TensorValues.ToArray(l.Weight);
            var m = TensorValues.ToArray(pruneMasks[l.Name]);
            return LayerLevels.Fit(quantizers[l.Name], w, m, (int)l.Weight.shape[0], q.Granularity);
        });
        int rounds = q.FreezeFraction > 0 ? (int)Math.Ceiling(1 / q.FreezeFraction - 1e-9) : 1;
        double mapTest = double.NaN, mapVal = double.NaN;
        for (int r = 1; r <= rounds; r++)
        {
            double fraction = r == rounds ? 1 : r * q.FreezeFraction;
            foreach (var l in stageLayers) Freeze(l, levels[l.Name], pruneMasks[l.Name], fraction, hook);
            // Measured once every weight sits on a level: with freeze rounds, earlier rounds leave weights in float.
            if (r == rounds) { mapTest = run.Test(); mapVal = run.Validation(); }
            if (r < rounds) run.Fit(q.Retrain, [hook], $"{phase} freeze {r}/{rounds}", run.RetrainSeconds);
        }
        log($"{phase}: snapped to levels: test {mapTest:F2}%, validation {mapVal:F2}%");
        if (q.TrainScales) RetrainScales(run, q, [.. earlier, .. stageLayers], hook, pruneMasks, phase, log);
        else run.Fit(q.Retrain, [hook], $"{phase} retrain", run.RetrainSeconds);
        double test = run.Test(), val = run.Validation();
        log($"{phase}: after retraining the unfrozen parameters: test {test:F2}%, validation {val:F2}%");
        return new StageResult
        {
            Phase = phase, Rate = run.Rate(), AdmmEpochs = q.Admm.Epochs, RetrainEpochs = q.Retrain.Epochs * rounds,
            AccuracyAfterMapping = mapTest, ValidationAfterMapping = mapVal, AccuracyAfterRetrain = test, ValidationAfterRetrain = val,
            Seconds = sw.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// The retraining with `train_scales`: the snapped layers' kept weights train under the projection that keeps their
    /// codes and moves each level table by one factor (<see cref="LevelScaleProjection"/>), beside the biases and the
    /// layers not quantized yet; afterwards they are frozen at the learned levels again for the stages that follow.
    /// </summary>
    static void RetrainScales(PipelineRun run, QuantizeSpec q, List<PrunableLayer> snapped, MaskHook hook,
        Dictionary<string, Tensor> pruneMasks, string phase, Action<string> log)
    {
        using var scales = new LevelScaleHook();
        foreach (var l in snapped)
        {
            hook.Prune(l, pruneMasks[l.Name]);
            scales.Add(l, q.Granularity);
        }
        run.Fit(q.Retrain, [hook, scales], $"{phase} retrain", run.RetrainSeconds);
        var factors = scales.Factors();
        foreach (var l in snapped)
        {
            using var none = zeros_like(l.Weight);
            hook.Constrain(l, none, l.Weight);
        }
        if (factors.Length > 0)
        {
            Array.Sort(factors);
            log($"{phase}: level scales trained ({string.Join(", ", snapped.Select(l => l.Name))}, {factors.Length} tables): " +
                $"x{factors[0]:F3} to x{factors[^1]:F3} of the snapped scales, median x{factors[factors.Length / 2]:F3}");
        }
    }

    /// <summary>
    /// Holds the kept weights closest to their level at that level (per level, the closest
    /// <paramref name="fraction"/> of the weights nearest to it; fraction 1 = all), the rest stay trainable.
    /// </summary>
    static void Freeze(PrunableLayer layer, LayerLevels levels, Tensor pruneMask, double fraction, MaskHook hook)
    {
        var w = TensorValues.ToArray(layer.Weight);
        var m = TensorValues.ToArray(pruneMask);
        var snapped = levels.Snap(w, m);
        var trainable = new float[w.Length];
        var frozenValues = new float[w.Length];
        if (fraction >= 1)
        {
            Array.Copy(snapped, frozenValues, w.Length);
        }
        else
        {
            // Per-row levels group by value too: rows with equal levels share a group, which only pools their ranking.
            var byLevel = new Dictionary<float, List<int>>();
            for (int i = 0; i < w.Length; i++)
            {
                if (m[i] == 0) continue;
                if (!byLevel.TryGetValue(snapped[i], out var list)) byLevel[snapped[i]] = list = [];
                list.Add(i);
            }
            var alreadyFrozen = hook.Trainable(layer.Name) is { } t ? TensorValues.ToArray(t) : null;
            foreach (var (level, list) in byLevel)
            {
                // Entries frozen in an earlier round sit exactly on their level (distance 0) and stay frozen.
                var order = list.OrderBy(i => alreadyFrozen is not null && alreadyFrozen[i] == 0 ? -1.0 : Math.Abs(w[i] - level)).ThenBy(i => i).ToList();
                int freeze = (int)Math.Ceiling(fraction * order.Count);
                for (int k = 0; k < order.Count; k++)
                {
                    int i = order[k];
                    if (k < freeze) frozenValues[i] = level; else trainable[i] = 1;
                }
            }
        }
        using var tt = tensor(trainable, layer.Weight.shape, device: layer.Weight.device);
        using var fv = tensor(frozenValues, layer.Weight.shape, device: layer.Weight.device);
        hook.Constrain(layer, tt, fv);
    }
}
