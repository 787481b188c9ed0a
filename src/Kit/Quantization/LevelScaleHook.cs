using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Quantization;

/// <summary>
/// Trains the level scales of snapped layers (`quantize.train_scales`): before each optimizer step it notes every
/// registered layer's factors (its weights sit on their <see cref="LevelScaleProjection"/> set), after it each layer
/// takes the scale step (<see cref="LevelScaleProjection.StepInPlace"/>) and is back on its set. Listed after the
/// <see cref="Kit.Pruning.MaskHook"/>, which keeps pruned entries at 0 (the set keeps them 0 as well). Stateless
/// between steps (the factors are read off the weights), so a resumed run continues bit for bit. Reading them costs one
/// dot product per layer and step, which does not show in the retraining epochs' times (`quantize 2/2 retrain epoch` in
/// the run.logs of mnist-binary-full-longadmm16-perfilter and of its -trainscales twin).
/// </summary>
internal sealed class LevelScaleHook : ITrainingHook, IDisposable
{
    readonly List<(PrunableLayer Layer, LevelScaleProjection Set)> layers = [];
    readonly List<Tensor> before = [];

    public void Add(PrunableLayer layer, QuantGranularity granularity) =>
        layers.Add((layer, new LevelScaleProjection(layer.Weight, granularity)));

    /// <summary>Every table's factor relative to the snap (1 = unchanged), groups without kept weights left out.</summary>
    public float[] Factors() =>
        [.. layers.SelectMany(x => x.Set.Factors(x.Layer.Weight).Zip(x.Set.Kept).Where(f => f.Second).Select(f => f.First))];

    public void AfterBackward(KitModel model)
    {
        DisposeBefore();
        foreach (var (layer, set) in layers) before.Add(set.FactorsTensor(layer.Weight));
    }

    public void AfterStep(KitModel model)
    {
        for (int i = 0; i < layers.Count; i++) layers[i].Set.StepInPlace(layers[i].Layer.Weight, before[i]);
        DisposeBefore();
    }

    void DisposeBefore()
    {
        foreach (var t in before) t.Dispose();
        before.Clear();
    }

    public void Dispose()
    {
        DisposeBefore();
        foreach (var (_, set) in layers) set.Dispose();
        layers.Clear();
    }
}
