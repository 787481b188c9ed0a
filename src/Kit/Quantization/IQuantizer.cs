using static TorchSharp.torch;

namespace Kit.Quantization;

/// <summary>
/// A quantization set Q of one layer. <see cref="Fit"/> chooses the levels from the kept (nonzero or
/// masked-in) weights; the Euclidean projection onto Q with those levels is <see cref="QuantLevels.Snap(float)"/>.
/// </summary>
public interface IQuantizer
{
    QuantizerSpec Spec { get; }

    QuantLevels Fit(ReadOnlySpan<float> kept);
}

internal static class QuantizerExtensions
{
    /// <summary>
    /// Fits levels on the kept entries of <paramref name="w"/> (per layer, or per output row) and snaps them
    /// (pruned entries stay 0).
    /// </summary>
    public static (Tensor projected, LayerLevels levels) Project(this IQuantizer quantizer, Tensor w, Tensor? mask = null,
        QuantGranularity granularity = QuantGranularity.Layer)
    {
        var values = TensorValues.ToArray(w);
        var m = mask is null ? [] : TensorValues.ToArray(mask);
        var levels = LayerLevels.Fit(quantizer, values, m, (int)w.shape[0], granularity);
        return (tensor(levels.Snap(values, m), w.shape, device: w.device), levels);
    }
}
