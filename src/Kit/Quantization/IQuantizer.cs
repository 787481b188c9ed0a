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
    /// <summary>Fits levels on the kept entries of <paramref name="w"/> and snaps them (pruned entries stay 0).</summary>
    public static (Tensor projected, QuantLevels levels) Project(this IQuantizer quantizer, Tensor w, Tensor? mask = null)
    {
        var values = TensorValues.ToArray(w);
        var m = mask is null ? [] : TensorValues.ToArray(mask);
        var levels = quantizer.Fit(Kept(values, m));
        return (tensor(levels.Snap(values, m), w.shape, device: w.device), levels);
    }

    static float[] Kept(float[] w, float[] mask)
    {
        var list = new List<float>(w.Length);
        for (int i = 0; i < w.Length; i++)
            if (mask.Length == 0 ? w[i] != 0 : mask[i] != 0) list.Add(w[i]);
        return [.. list];
    }
}
