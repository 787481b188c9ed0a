namespace Kit.Quantization;

/// <summary>{-a, +a} on the kept weights with a = mean |w| (the least-squares scale for fixed signs).</summary>
internal sealed class BinaryQuantizer : IQuantizer
{
    public QuantizerSpec Spec { get; } = new() { Kind = QuantizerKind.Binary, Bits = 1 };

    public QuantLevels Fit(ReadOnlySpan<float> kept)
    {
        double s = 0;
        foreach (var w in kept) s += Math.Abs(w);
        double a = kept.Length == 0 ? 1e-8 : Math.Max(1e-12, s / kept.Length);
        return new QuantLevels([a], ZeroAllowed: false);
    }
}
