using Kit.Results;

namespace Kit.Tests.Results;

/// <summary>Display formatting of table numbers: expected strings written out by hand.</summary>
public class NumberFormatTests
{
    [Theory]
    [InlineData(99.1666, "99.17%")]
    [InlineData(100, "100.00%")]
    [InlineData(0.7712, "0.771%")]
    [InlineData(0, "0.00%")]
    [InlineData(double.NaN, "–")]
    public void Percent(double v, string expected) => Assert.Equal(expected, NumberFormat.Percent(v));

    [Theory]
    [InlineData(100.02323420074349, "100.0x")]
    [InlineData(4.587155963302752, "4.6x")]
    [InlineData(1237.4, "1,237x")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void Rate(double v, string expected) => Assert.Equal(expected, NumberFormat.Rate(v));

    [Theory]
    [InlineData(4.58716, "4.587")]
    [InlineData(100.023, "100")]
    [InlineData(21218.720000000005, "21,219")]
    [InlineData(1722000.4, "1,722,000")]
    [InlineData(0.8369472587823122, "0.8369")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.333333333333334, "-2.333")]
    [InlineData(9.99996, "10")]
    [InlineData(0.000123456, "1.235e-4")]
    [InlineData(0, "0")]
    public void Number_keeps_at_most_four_significant_digits(double v, string expected) => Assert.Equal(expected, NumberFormat.Number(v));

    [Fact]
    public void Counts_keep_every_digit_with_separators() => Assert.Equal("1,722,000", NumberFormat.Count(1722000));

    [Theory]
    [InlineData("accuracy", false, ColumnFormat.Kind.Percent)]
    [InlineData("irregular_accuracy", false, ColumnFormat.Kind.Percent)]
    [InlineData("accuracy_after_retrain", false, ColumnFormat.Kind.Percent)]
    [InlineData("accuracy_drop", false, ColumnFormat.Kind.Points)]
    [InlineData("retraining_gain", false, ColumnFormat.Kind.Points)]
    [InlineData("overall_rate", false, ColumnFormat.Kind.Rate)]
    [InlineData("p_eq", false, ColumnFormat.Kind.Rate)]
    [InlineData("relative_p_eq", false, ColumnFormat.Kind.Rate)]
    [InlineData("break_even_vs_structured", false, ColumnFormat.Kind.Rate)]
    [InlineData("storage_compression_vs_float32", false, ColumnFormat.Kind.Rate)]
    [InlineData("overhead_fraction", false, ColumnFormat.Kind.Fraction)]
    [InlineData("total_bits", true, ColumnFormat.Kind.Count)]
    [InlineData("nonzeros", true, ColumnFormat.Kind.Count)]
    [InlineData("bits_per_nonzero", false, ColumnFormat.Kind.Measurement)]
    [InlineData("dense_ns", false, ColumnFormat.Kind.Nanoseconds)]
    [InlineData("irregular_us", false, ColumnFormat.Kind.Microseconds)]
    [InlineData("factor", false, ColumnFormat.Kind.Rate)]
    [InlineData("seconds", false, ColumnFormat.Kind.Seconds)]
    public void Column_kind_follows_the_name(string name, bool integral, ColumnFormat.Kind kind) => Assert.Equal(kind, ColumnFormat.KindOf(name, integral));

    [Fact]
    public void Columns_get_units_in_their_headers_and_text_columns_stay_text()
    {
        var rate = ColumnFormat.For("overall_rate", [100.023, 10.0]);
        Assert.Equal("overall rate (x)", rate.Header);
        Assert.Equal("100.0x", rate.Cell(100.023));
        var acc = ColumnFormat.For("accuracy_gap", [1.0, -0.5]);
        Assert.Equal("accuracy gap (pts)", acc.Header);
        Assert.Equal("-0.50", acc.Cell(-0.5));
        var ns = ColumnFormat.For("irregular_ns", [21218.72]);
        Assert.Equal("irregular (ns)", ns.Header);
        Assert.Equal("21,219", ns.Cell(21218.72));
        var text = ColumnFormat.For("format", ["csr", null]);
        Assert.False(text.Numeric);
        Assert.Equal("csr", text.Cell("csr"));
        Assert.Equal("yes", ColumnFormat.For("accuracy_matched", [true]).Cell(true));
    }
}
