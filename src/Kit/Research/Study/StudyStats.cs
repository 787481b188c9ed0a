using System.Globalization;

namespace Kit.Research.Study;

/// <summary>Means and spreads over seeds as every study table states them: sample sd (n - 1), null below two seeds.</summary>
internal static class StudyStats
{
    public static double? Sd(IEnumerable<double> values)
    {
        double s = Kit.Results.ResultsSummary.Sd(values);
        return double.IsNaN(s) ? null : s;
    }

    /// <summary>"99.12% ± 0.05 (n=3)" or "99.12% (n=1, no sd)".</summary>
    public static string PlusMinus(double mean, double? sd, int n, string unit = "%", string format = "F2") => sd is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{mean.ToString(format, CultureInfo.InvariantCulture)}{unit} ± {s.ToString(format, CultureInfo.InvariantCulture)} (n={n})")
        : string.Create(CultureInfo.InvariantCulture, $"{mean.ToString(format, CultureInfo.InvariantCulture)}{unit} (n={n}, no sd)");

    /// <summary>A difference counts as beyond the seed spread when it exceeds the sum of both sds (null when either side has one seed), the verdict's rule.</summary>
    public static bool? Beyond(double difference, double? sdA, double? sdB) =>
        sdA is { } a && sdB is { } b ? Math.Abs(difference) > a + b : null;

    public static string BitsLabel(int bits) => bits >= 32 ? "float" : string.Create(CultureInfo.InvariantCulture, $"{bits}-bit");
}
