using System.Globalization;

namespace Kit.Results;

/// <summary>
/// How a result-table column is shown to a reader: a header with its unit ("overall rate (x)", "accuracy (%)") and a
/// formatter for its numbers (<see cref="NumberFormat"/>). The kind follows the kit's column naming (snake_case names
/// that say what the number is); CSV files keep the plain names and full precision.
/// </summary>
public sealed record ColumnFormat(string Header, Func<double, string> Number, bool Numeric)
{
    public enum Kind { Text, Rate, Percent, Points, Fraction, Count, Nanoseconds, Microseconds, Seconds, Measurement }

    /// <summary>A cell: numbers through the column's formatter, anything else as text.</summary>
    public string Cell(object? v) => v switch
    {
        null => "",
        double d => Number(d),
        float f => Number(f),
        int or long or short or byte or uint or ulong or decimal => Number(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public static ColumnFormat For(string name, IEnumerable<object?> values)
    {
        var numbers = values.Where(v => v is not null).ToList();
        var numeric = numbers.Count > 0 && numbers.All(IsNumber);
        var integral = numeric && numbers.All(v => Convert.ToDouble(v, CultureInfo.InvariantCulture) is var d && (double.IsNaN(d) || d == Math.Floor(d)));
        var kind = numeric ? KindOf(name, integral) : Kind.Text;
        var header = name.Replace('_', ' ');
        return kind switch
        {
            Kind.Rate => new(header + " (x)", NumberFormat.Rate, true),
            Kind.Percent => new(header + " (%)", NumberFormat.Percent, true),
            Kind.Points => new(header + " (pts)", v => NumberFormat.Points(v).Replace(" pts", ""), true),
            Kind.Fraction => new(header + " (%)", v => NumberFormat.Percent(100 * v), true),
            Kind.Count => new(header, NumberFormat.Count, true),
            Kind.Nanoseconds => new(Strip(header, " ns") + " (ns)", NumberFormat.Number, true),
            Kind.Microseconds => new(Strip(header, " us") + " (us)", NumberFormat.Number, true),
            Kind.Seconds => new(Strip(header, " s") + " (s)", NumberFormat.Number, true),
            Kind.Measurement => new(header, NumberFormat.Number, true),
            _ => new(header, NumberFormat.Number, false),
        };
    }

    /// <summary>The kind a column's name says it is (numbers only).</summary>
    public static Kind KindOf(string name, bool integral)
    {
        var n = name.ToLowerInvariant();
        bool Has(params string[] parts) => parts.Any(p => n.Contains(p, StringComparison.Ordinal));
        if (Has("accuracy", "_acc") || n == "acc")
            return Has("gap", "drop", "gain", "diff", "margin", "loss") ? Kind.Points : Kind.Percent;
        // A ratio of two costs (bits stored, microseconds): shown like a rate, "2.5x".
        if (Has("factor")) return Kind.Rate;
        // The kit's other differences (retraining_gain, margin) are between accuracies too.
        if (Has("gain", "drop", "gap", "margin") && !Has("rate")) return Kind.Points;
        if (Has("fraction")) return Kind.Fraction;
        if (Has("rate", "p_eq", "break_even", "compression_vs")) return Kind.Rate;
        if (n.EndsWith("_ns", StringComparison.Ordinal) || n == "ns") return Kind.Nanoseconds;
        if (n.EndsWith("_us", StringComparison.Ordinal) || n == "us") return Kind.Microseconds;
        if (n.EndsWith("_s", StringComparison.Ordinal) || Has("seconds")) return Kind.Seconds;
        // Whole numbers in a column of bits, weights, images, epochs, seeds...: exact counts, every digit kept.
        return integral ? Kind.Count : Kind.Measurement;
    }

    static bool IsNumber(object? v) => v is double or float or int or long or short or byte or uint or ulong or decimal;

    static string Strip(string header, string suffix) => header.EndsWith(suffix, StringComparison.Ordinal) ? header[..^suffix.Length] : header;
}
