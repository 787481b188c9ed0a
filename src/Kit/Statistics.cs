namespace Kit;

/// <summary>The order statistics the benchmarks report, defined once so every median in a JSON means the same thing.</summary>
public static class Statistics
{
    /// <summary>Linear interpolation between order statistics (q = 0.5 is the usual median: the mean of the middle two for an even count).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) throw new ArgumentException("no values");
        var s = values.Order().ToArray();
        double pos = q * (s.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);
}
