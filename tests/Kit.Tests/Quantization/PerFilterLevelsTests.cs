using Kit.Experiments;
using Kit.IO;
using Kit.Quantization;
using static TorchSharp.torch;

namespace Kit.Tests.Quantization;

/// <summary>
/// `quantize.granularity: filter`: one level table per output row. The projection is the nearest point of the per-row
/// set (brute force for binary), each row's levels are the quantizer's fit on that row alone, and the spec field is
/// written only when it is not the default, so every spec and cache key from before it stays the same.
/// </summary>
[Collection("torch")]
public class PerFilterLevelsTests
{
    [Fact]
    public void Binary_per_filter_projection_is_the_nearest_point_of_the_per_row_set()
    {
        // Set of a row: {a * s : a > 0, s in {-1, +1}^C}. For fixed s the best a is <w, s> / C, so the brute force
        // tries every sign pattern of each row.
        var g = new Random(3);
        const int rows = 3, cols = 4;
        var w = Enumerable.Range(0, rows * cols).Select(_ => (float)(g.NextDouble() * 2 - 1)).ToArray();
        w[5] = 0.9f; // rows on different scales: a per-layer scale cannot fit them all
        using var wt = tensor(w, [rows, cols]);
        var (projected, levels) = new BinaryQuantizer().Project(wt, null, QuantGranularity.Filter);
        using (projected)
        {
            Assert.Equal(rows, levels.Rows.Length);
            var p = TensorValues.ToArray(projected);
            for (int r = 0; r < rows; r++)
            {
                var row = w.AsSpan(r * cols, cols).ToArray();
                double best = double.PositiveInfinity;
                for (int signs = 0; signs < 1 << cols; signs++)
                {
                    var s = Enumerable.Range(0, cols).Select(c => (signs >> c & 1) == 1 ? 1.0 : -1.0).ToArray();
                    double a = Math.Max(1e-12, row.Select((x, c) => x * s[c]).Sum() / cols);
                    best = Math.Min(best, row.Select((x, c) => (x - a * s[c]) * (x - a * s[c])).Sum());
                }
                double got = row.Select((x, c) => (x - (double)p[r * cols + c]) * (x - (double)p[r * cols + c])).Sum();
                Assert.True(got <= best + 1e-6, $"row {r}: projection at squared distance {got}, brute force {best}");
            }
        }
    }

    [Theory]
    [InlineData(QuantizerKind.Binary, 1)]
    [InlineData(QuantizerKind.Uniform, 3)]
    [InlineData(QuantizerKind.Ternary, 2)]
    public void Each_row_gets_the_quantizers_fit_on_its_own_kept_weights_and_no_more_error_than_one_table(QuantizerKind kind, int bits)
    {
        var q = new QuantizerSpec { Kind = kind, Bits = bits }.Build();
        var g = new Random(5);
        const int rows = 6, cols = 40;
        // Rows on scales 0.01..1: a shared table wastes its levels on the large rows.
        var w = Enumerable.Range(0, rows * cols).Select(i => (float)((g.NextDouble() * 2 - 1) * Math.Pow(10, -2 + 2.0 * (i / cols) / (rows - 1)))).ToArray();
        var mask = w.Select(_ => g.NextDouble() < 0.7 ? 1f : 0f).ToArray();
        var perRow = LayerLevels.Fit(q, w, mask, rows, QuantGranularity.Filter);
        var shared = LayerLevels.Fit(q, w, mask, rows, QuantGranularity.Layer);
        Assert.Single(shared.Rows);
        Assert.Equal(rows, perRow.Rows.Length);
        for (int r = 0; r < rows; r++)
        {
            var kept = Enumerable.Range(r * cols, cols).Where(i => mask[i] != 0).Select(i => w[i]).ToArray();
            Assert.Equal(q.Fit(kept).Magnitudes, perRow.Rows[r].Magnitudes);
        }
        var a = perRow.Snap(w, mask);
        var b = shared.Snap(w, mask);
        for (int i = 0; i < w.Length; i++)
            if (mask[i] == 0) { Assert.Equal(0f, a[i]); Assert.Equal(0f, b[i]); }
        double Err(float[] s) => w.Select((x, i) => (double)(x - s[i]) * (x - s[i])).Sum();
        Assert.True(Err(a) < Err(b), $"per-row error {Err(a)} not below one table's {Err(b)}");
    }

    [Fact]
    public void A_row_with_nothing_kept_stays_zero()
    {
        var w = new float[] { 0.5f, -0.2f, 0.3f, 0.7f, -0.1f, 0.2f };
        var mask = new float[] { 1, 1, 1, 0, 0, 0 };
        var levels = LayerLevels.Fit(new BinaryQuantizer(), w, mask, 2, QuantGranularity.Filter);
        Assert.Equal(new float[] { 1f / 3, -1f / 3, 1f / 3, 0, 0, 0 }, levels.Snap(w, mask), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void A_layer_of_one_row_per_filter_is_the_one_table_of_the_layer()
    {
        // A layer with a single output (a one-neuron head) is a valid per-filter layer: one row, one table.
        var w = new float[] { 0.5f, -0.2f, 0.3f, 0.7f };
        var mask = new float[] { 1, 1, 0, 1 };
        var one = LayerLevels.Fit(new BinaryQuantizer(), w, mask, 1, QuantGranularity.Filter);
        var layer = LayerLevels.Fit(new BinaryQuantizer(), w, mask, 1, QuantGranularity.Layer);
        Assert.Single(one.Rows);
        Assert.Equal(layer.Snap(w, mask), one.Snap(w, mask));
    }

    [Fact]
    public void Weights_that_do_not_split_into_rows_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => LayerLevels.Fit(new BinaryQuantizer(), new float[7], [], 2, QuantGranularity.Filter));
        Assert.Contains("7 weights do not split into 2 rows", e.Message);
    }

    [Fact]
    public void Granularity_is_written_only_when_per_filter_and_a_bad_value_is_named()
    {
        var layer = new QuantizeSpec { Bits = 1 };
        Assert.DoesNotContain("granularity", Json.Serialize(layer));
        var filter = layer with { Granularity = QuantGranularity.Filter };
        var json = Json.Serialize(filter);
        Assert.Contains("\"granularity\": \"filter\"", json);
        Assert.Equal(QuantGranularity.Filter, Json.Parse<QuantizeSpec>(json, "q.json").Granularity);
        var e = Assert.Throws<KitException>(() => Json.Parse<QuantizeSpec>(json.Replace("\"filter\"", "\"channel\""), "q.json"));
        Assert.Contains("granularity", e.Message);
        Assert.Contains("q.json", e.Message);
    }

    sealed class FloatTolerance(float eps) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(float obj) => 0;
    }
}
