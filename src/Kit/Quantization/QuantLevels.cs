namespace Kit.Quantization;

/// <summary>
/// The values a quantized layer may take: +-Magnitudes (sorted ascending, all > 0), and 0 only when
/// <see cref="ZeroAllowed"/> (ternary, or zero-as-code). Pruned weights are 0 regardless: zero is reserved
/// for them and encoded by the sparsity structure.
/// </summary>
public sealed record QuantLevels(double[] Magnitudes, bool ZeroAllowed)
{
    /// <summary>Nearest allowed value; a pruned (0) weight stays 0.</summary>
    public float Snap(float w)
    {
        if (w == 0f) return 0f;
        double a = Math.Abs(w);
        var m = Magnitudes;
        int lo = 0, hi = m.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (m[mid] < a) lo = mid + 1; else hi = mid;
        }
        double best = m[lo];
        if (lo > 0 && a - m[lo - 1] <= m[lo] - a) best = m[lo - 1];
        if (ZeroAllowed && a < best - a) best = 0;
        return (float)(Math.Sign(w) * best);
    }

    /// <summary>
    /// Snaps every kept entry. Without a mask the zeros are the pruned weights; with one, the mask decides,
    /// and a kept weight that happens to be exactly 0 takes the smallest positive level (the kept count
    /// stays what the pruning set says).
    /// </summary>
    public float[] Snap(ReadOnlySpan<float> w, ReadOnlySpan<float> mask)
    {
        var r = new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            if (mask.IsEmpty) r[i] = Snap(w[i]);
            else if (mask[i] != 0) r[i] = Snap(w[i] == 0 ? float.Epsilon : w[i]);
        }
        return r;
    }

    /// <summary>Signed levels, ascending (what a layer may hold besides pruned zeros).</summary>
    public double[] Values() => [.. Magnitudes.Select(m => -m).Reverse(), .. (ZeroAllowed ? new double[] { 0 } : []), .. Magnitudes];
}
