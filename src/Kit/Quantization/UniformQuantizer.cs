namespace Kit.Quantization;

/// <summary>
/// b-bit symmetric levels +-q{1..n}. q minimizes sum (|w| - nearest level)^2 over the kept weights:
/// a geometric grid of 241 candidates from 0.01 to 1.2 times max|w|/n (for small n the best q is often
/// 0.3-0.7 of max|w|/n, since clipping the few largest weights costs less than coarse steps everywhere),
/// then a golden-section refinement between the best candidate's neighbours.
/// </summary>
internal sealed class UniformQuantizer : IQuantizer
{
    public UniformQuantizer(int bits, bool zeroIsCode = false)
    {
        Spec = new QuantizerSpec { Kind = QuantizerKind.Uniform, Bits = bits, ZeroIsCode = zeroIsCode };
        Spec.Validate("uniform");
        N = Spec.LevelsPerSign;
    }

    public QuantizerSpec Spec { get; }
    public int N { get; }

    public QuantLevels Fit(ReadOnlySpan<float> kept)
    {
        double q = BestInterval(kept, N, Spec.ZeroIsCode);
        return new QuantLevels([.. Enumerable.Range(1, N).Select(i => q * i)], Spec.ZeroIsCode);
    }

    public static double Error(ReadOnlySpan<float> kept, double q, int n, bool zeroAllowed = false)
    {
        double e = 0;
        int lowest = zeroAllowed ? 0 : 1;
        foreach (var w in kept)
        {
            double a = Math.Abs(w);
            double k = Math.Clamp(Math.Round(a / q), lowest, n);
            double d = a - k * q;
            e += d * d;
        }
        return e;
    }

    public static double BestInterval(ReadOnlySpan<float> kept, int n, bool zeroAllowed = false)
    {
        double max = 0;
        foreach (var w in kept) max = Math.Max(max, Math.Abs(w));
        if (max == 0) return 1e-8;
        double top = max / n;
        const int grid = 241;
        double lo = 0.01, hi = 1.2, ratio = Math.Pow(hi / lo, 1.0 / (grid - 1));
        double bestQ = top, bestE = double.PositiveInfinity;
        int bestI = 0;
        for (int i = 0; i < grid; i++)
        {
            double q = top * lo * Math.Pow(ratio, i);
            double e = Error(kept, q, n, zeroAllowed);
            if (e < bestE) { bestE = e; bestQ = q; bestI = i; }
        }
        double a = top * lo * Math.Pow(ratio, Math.Max(0, bestI - 1)), b = top * lo * Math.Pow(ratio, Math.Min(grid - 1, bestI + 1));
        const double phi = 0.6180339887498949;
        var arr = kept.ToArray();
        double c = b - phi * (b - a), d = a + phi * (b - a);
        double fc = Error(arr, c, n, zeroAllowed), fd = Error(arr, d, n, zeroAllowed);
        for (int it = 0; it < 40; it++)
        {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - phi * (b - a); fc = Error(arr, c, n, zeroAllowed); }
            else { a = c; c = d; fc = fd; d = a + phi * (b - a); fd = Error(arr, d, n, zeroAllowed); }
        }
        double refined = fc < fd ? c : d;
        return Math.Min(fc, fd) < bestE ? refined : bestQ;
    }
}
