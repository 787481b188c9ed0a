namespace Kit.Costs;

/// <summary>
/// Closed-form storage of the whole-layer relative-index format on a uniformly random mask, used for the
/// break-even rate of non-structured vs structured pruning at equal b.
///
/// With density d, the gap minus one between consecutive nonzeros is geometric: P(g-1 = m) = d (1-d)^m
/// (the layer-edge effect is ignored). The fillers per gap are floor((g-1)/2^k), whose mean is
/// q/(1-q) with q = (1-d)^(2^k); so each nonzero costs on average
///     bits_per_nonzero(d, b, k) = (b + k) / (1 - (1-d)^(2^k)).
/// For a structured model of rate p_s (bits N*b/p_s, metadata ignored) and a non-structured model of
/// rate p_n (bits N/p_n * min_k bits_per_nonzero(1/p_n, b, k)), non-structured is smaller iff
///     p_n * b / min_k bits_per_nonzero(1/p_n, b, k) &gt; p_s,
/// the left side being the model's p_eq. It grows with p_n, so the break-even p_n is found by bisection.
/// </summary>
internal static class StorageBreakEven
{
    public static double ExpectedBitsPerNonzero(double density, int bits, int k)
    {
        if (density <= 0 || density > 1) throw new ArgumentOutOfRangeException(nameof(density));
        double q = Math.Pow(1 - density, Math.Pow(2, k));
        return (bits + k) / (1 - q);
    }

    /// <summary>The best k and its expected bits per nonzero at this density.</summary>
    public static (int k, double bitsPerNonzero) BestExpected(double density, int bits)
    {
        int bestK = 1;
        double best = double.PositiveInfinity;
        for (int k = 1; k <= GapHistogram.MaxIndexBits; k++)
        {
            var v = ExpectedBitsPerNonzero(density, bits, k);
            if (v < best) { best = v; bestK = k; }
        }
        return (bestK, best);
    }

    /// <summary>Expected p_eq of a random non-structured mask of rate p_n (&gt;= 1).</summary>
    public static double ExpectedPEq(double nonStructuredRate, int bits) =>
        nonStructuredRate * bits / BestExpected(1 / nonStructuredRate, bits).bitsPerNonzero;

    /// <summary>
    /// The non-structured rate p_n at which a random mask takes the storage of a structured model of rate
    /// <paramref name="structuredRate"/> at the same b: non-structured must prune more than this to win.
    /// </summary>
    public static double NonStructuredRateToMatch(double structuredRate, int bits)
    {
        if (structuredRate < 1) throw new KitException($"structured rate must be >= 1, got {structuredRate}");
        double lo = 1, hi = 2;
        while (ExpectedPEq(hi, bits) < structuredRate)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e12) return double.PositiveInfinity;
        }
        if (ExpectedPEq(lo, bits) >= structuredRate) return lo;
        for (int i = 0; i < 100; i++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (ExpectedPEq(mid, bits) < structuredRate) lo = mid; else hi = mid;
        }
        return hi;
    }
}
