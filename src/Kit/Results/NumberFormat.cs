using System.Globalization;

namespace Kit.Results;

/// <summary>
/// Numbers as a reader wants them in tables and summaries (invariant culture): accuracies "99.17%", rates "100.0x",
/// exact counts with thousands separators, anything else to at most 4 significant digits without exponents in the
/// everyday range. CSV files keep full precision; this is for display only.
/// </summary>
public static class NumberFormat
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A value already in percent (99.17 → "99.17%"; below 1: 3 significant digits, 0.7712 → "0.771%").</summary>
    public static string Percent(double v) => Missing(v) ?? (Math.Abs(v) >= 1 || v == 0 ? v.ToString("F2", Inv) : Sig(v, 3)) + "%";

    /// <summary>Percentage points (an accuracy difference): "-0.08 pts".</summary>
    public static string Points(double v) => Missing(v) ?? v.ToString("F2", Inv) + " pts";

    /// <summary>A compression rate: "100.0x", "1,237x" from 1,000 up.</summary>
    public static string Rate(double v) =>
        Missing(v) ?? (double.IsPositiveInfinity(v) ? "∞" : Math.Abs(v) >= 1000 ? v.ToString("N0", Inv) + "x" : v.ToString("F1", Inv) + "x");

    /// <summary>An exact count (weights, bits, images): "1,722,000".</summary>
    public static string Count(double v) => Missing(v) ?? v.ToString("N0", Inv);

    /// <summary>Seconds: "0.123 s", "12.3 s", "1,234 s".</summary>
    public static string Seconds(double v) => Missing(v) ?? Number(v) + " s";

    /// <summary>Any other measurement: at most 4 significant digits, no trailing zeros (4.58716 → "4.587", 100.023 → "100", 0.1 → "0.1", 1722000.4 → "1,722,000").</summary>
    public static string Number(double v)
    {
        if (Missing(v) is { } m) return m;
        var a = Math.Abs(v);
        if (a == 0) return "0";
        if (a >= 1e4) return Math.Round(v).ToString("N0", Inv);
        if (a < 1e-3) return v.ToString("0.###e+0", Inv);
        var text = Sig(v, 4);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>v rounded to <paramref name="digits"/> significant digits, written with the decimals that needs (trailing zeros kept: they are significant).</summary>
    static string Sig(double v, int digits)
    {
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        var rounded = Math.Round(v, decimals, MidpointRounding.AwayFromZero);
        // Rounding can carry into a new digit (9.9996 → 10.00): one decimal fewer then.
        if (Math.Abs(rounded) >= Math.Pow(10, magnitude + 1) && decimals > 0) decimals--;
        return rounded.ToString("F" + decimals, Inv);
    }

    static string? Missing(double v) => double.IsNaN(v) ? "–" : null;
}
