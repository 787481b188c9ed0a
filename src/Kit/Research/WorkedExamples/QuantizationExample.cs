using Kit.Quantization;
using Microsoft.Data.Analysis;

namespace Kit.Research.WorkedExamples;

/// <summary>One weight of the example: the level index it snaps to, its quantized value and its squared error.</summary>
public sealed record QuantizedWeight(double Weight, int LevelIndex, double Quantized, double SquaredError);

/// <summary>Squared error of the layer at one candidate interval q (the curve the interval search minimizes).</summary>
public sealed record IntervalPoint(double Q, double SquaredError);

/// <summary>
/// b-bit quantization of a dozen weights with the kit's quantizer: the levels +-q{1..n} (n = 2^(b-1), zero reserved for
/// pruned weights), the interval q the search chose, each weight's level and squared error, and the error curve over q.
/// The chosen q can be checked by hand: with each weight's level index k_i fixed, the least-squares interval is
/// q* = sum |w_i| k_i / sum k_i^2.
/// </summary>
public sealed record QuantizationExample(int Bits, int LevelsPerSign, double Interval, double[] Levels, List<QuantizedWeight> Weights,
    double SquaredError, double ClosedFormInterval, List<IntervalPoint> Curve)
{
    /// <summary>Twelve weights of a pruned layer (no zeros: pruned weights are not quantized).</summary>
    public static readonly float[] DefaultWeights = [0.09f, -0.11f, 0.20f, 0.21f, -0.19f, 0.30f, 0.31f, -0.29f, 0.40f, 0.42f, -0.38f, 0.62f];

    public static QuantizationExample Compute(int bits = 3, float[]? weights = null)
    {
        weights ??= DefaultWeights;
        if (weights.Length == 0 || weights.Any(w => w == 0 || !float.IsFinite(w)))
            throw new KitException("quantization example: weights must be finite and nonzero (zeros are pruned weights, never quantized)");
        var quantizer = new QuantizerSpec { Kind = QuantizerKind.Uniform, Bits = bits }.Build("quantization example");
        int n = quantizer.Spec.LevelsPerSign;
        var levels = quantizer.Fit(weights);
        double q = levels.Magnitudes[0];
        var rows = weights.Select(w =>
        {
            double s = levels.Snap(w);
            int k = (int)Math.Round(Math.Abs(s) / q);
            return new QuantizedWeight(w, Math.Sign(w) * k, s, ((double)w - s) * ((double)w - s));
        }).ToList();
        // Least squares for q with the level indices held fixed: d/dq sum (|w| - k q)^2 = 0.
        double closed = rows.Sum(r => Math.Abs(r.Weight) * Math.Abs(r.LevelIndex)) / rows.Sum(r => (double)r.LevelIndex * r.LevelIndex);
        double top = weights.Max(w => Math.Abs(w)) / n;
        var curve = Enumerable.Range(1, 60).Select(i => top * i / 50.0)
            .Select(c => new IntervalPoint(c, UniformQuantizer.Error(weights, c, n))).ToList();
        return new QuantizationExample(bits, n, q, levels.Values(), rows, rows.Sum(r => r.SquaredError), closed, curve);
    }

    public DataFrame WeightsTable() => ReproFrames.From(Weights);

    public Plotly.NET.GenericChart CurveChart() => ReproCharts.Lines($"{Bits}-bit: squared error vs interval q (chosen q = {Interval:G4})", "interval q",
        "sum of squared errors", Curve.Select(p => p.Q).ToArray(), [("error(q)", Curve.Select(p => p.SquaredError).ToArray())]);
}
