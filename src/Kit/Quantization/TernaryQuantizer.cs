namespace Kit.Quantization;

/// <summary>
/// {-a, 0, +a} as in Ternary Weight Networks: threshold delta = 0.7 mean |w|, a = mean |w| above it.
/// The snap uses the nearest of {0, a} (threshold a/2); weights snapped to 0 become pruned.
/// </summary>
internal sealed class TernaryQuantizer : IQuantizer
{
    public QuantizerSpec Spec { get; } = new() { Kind = QuantizerKind.Ternary, Bits = 2 };

    public QuantLevels Fit(ReadOnlySpan<float> kept)
    {
        double s = 0;
        foreach (var w in kept) s += Math.Abs(w);
        double delta = kept.Length == 0 ? 0 : 0.7 * s / kept.Length, sum = 0;
        int n = 0;
        foreach (var w in kept)
            if (Math.Abs(w) > delta) { sum += Math.Abs(w); n++; }
        return new QuantLevels([n == 0 ? 1e-8 : sum / n], ZeroAllowed: true);
    }
}
