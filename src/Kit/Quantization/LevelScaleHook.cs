using Kit.Models;
using Kit.Training;

namespace Kit.Quantization;

/// <summary>
/// Projected SGD on the level scales of snapped layers (`quantize.train_scales`): after each optimizer step every
/// registered layer goes back to the nearest point of its <see cref="LevelScaleProjection"/>. Listed after the
/// <see cref="Kit.Pruning.MaskHook"/>, which keeps pruned entries at 0 (the projection keeps them 0 as well).
/// </summary>
internal sealed class LevelScaleHook : ITrainingHook, IDisposable
{
    readonly List<(PrunableLayer Layer, LevelScaleProjection Set)> layers = [];

    public void Add(PrunableLayer layer, QuantGranularity granularity) =>
        layers.Add((layer, new LevelScaleProjection(layer.Weight, granularity)));

    /// <summary>Every table's factor relative to the snap (1 = unchanged), groups without kept weights left out.</summary>
    public float[] Factors() =>
        [.. layers.SelectMany(x => x.Set.Factors(x.Layer.Weight).Zip(x.Set.Kept).Where(f => f.Second).Select(f => f.First))];

    public void AfterStep(KitModel model)
    {
        foreach (var (layer, set) in layers) set.ProjectInPlace(layer.Weight);
    }

    public void Dispose()
    {
        foreach (var (_, set) in layers) set.Dispose();
        layers.Clear();
    }
}
