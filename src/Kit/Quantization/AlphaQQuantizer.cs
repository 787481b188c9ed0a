namespace Kit.Quantization;

/// <summary>
/// The alpha * Q form: Q integer in {1..n} per sign, alternating Q = clip(round(|V| / alpha), 1, n) and
/// alpha = &lt;|V|, Q&gt; / &lt;Q, Q&gt; (each step cannot raise the error), from alpha = max|V| / n,
/// for at most 50 rounds or until Q stops changing.
/// </summary>
internal sealed class AlphaQQuantizer : IQuantizer
{
    public AlphaQQuantizer(int bits, bool zeroIsCode = false)
    {
        Spec = new QuantizerSpec { Kind = QuantizerKind.AlphaQ, Bits = bits, ZeroIsCode = zeroIsCode };
        Spec.Validate("alpha_q");
        N = Spec.LevelsPerSign;
    }

    public QuantizerSpec Spec { get; }
    public int N { get; }

    public QuantLevels Fit(ReadOnlySpan<float> kept)
    {
        double max = 0;
        foreach (var w in kept) max = Math.Max(max, Math.Abs(w));
        double alpha = max == 0 ? 1e-8 : max / N;
        var q = new int[kept.Length];
        for (int it = 0; it < 50 && max > 0; it++)
        {
            bool changed = false;
            double vq = 0, qq = 0;
            for (int i = 0; i < kept.Length; i++)
            {
                int k = (int)Math.Clamp(Math.Round(Math.Abs(kept[i]) / alpha), Spec.ZeroIsCode ? 0 : 1, N);
                changed |= k != q[i];
                q[i] = k;
                vq += Math.Abs(kept[i]) * k; qq += (double)k * k;
            }
            if (qq > 0) alpha = vq / qq;
            if (!changed) break;
        }
        return new QuantLevels([.. Enumerable.Range(1, N).Select(i => alpha * i)], Spec.ZeroIsCode);
    }
}
