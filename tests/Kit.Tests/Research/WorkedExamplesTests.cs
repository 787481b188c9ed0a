using Kit.Research.WorkedExamples;

namespace Kit.Tests.Research;

/// <summary>The worked examples against numbers computed by hand (the derivations are in the comments).</summary>
public class WorkedExamplesTests
{
    [Fact]
    public void Mask_example_relative_index_with_k2_matches_the_hand_encoding()
    {
        var ex = MaskEncodingExample.Compute();
        // Row-major positions 1 2 9 14 27 31 from -1: gaps 2 1 7 5 13 4. k = 2 holds gaps 1..4;
        // fillers floor((g-1)/4) = 0 0 1 1 3 0 -> 5, entries 11, bits 11 * (4 + 2) = 66.
        Assert.Equal([2, 1, 7, 5, 13, 4], ex.Gaps);
        Assert.Equal("WWFWFWFFFWW", string.Concat(ex.Relative.Select(e => e.Kind == "weight" ? 'W' : 'F')));
        Assert.Equal(["01", "00", "11", "10", "11", "00", "11", "11", "11", "00", "11"], ex.Relative.Select(e => e.FieldBits));
        Assert.Equal(32, ex.Relative.Sum(e => e.Advance));   // the stream walks from -1 to the last position, 31
        var rel = ex.Totals.Single(t => t.Format.StartsWith("relative"));
        Assert.Equal(66, rel.WalkedBits);
        Assert.Equal(66, rel.FormulaBits);
        Assert.Equal(66, rel.LibraryBits);
    }

    [Fact]
    public void Mask_example_csr_bitmask_and_dense_match_the_hand_totals()
    {
        var ex = MaskEncodingExample.Compute();
        // CSR: row gaps restart at every row: row 0 gaps 2 1; row 1 gaps 2 5 (one filler); row 2 empty; row 3 gaps 4 4.
        Assert.Equal([0, 2, 5, 5], ex.Csr.Select(r => r.Pointer));
        Assert.Equal([2, 3, 0, 2], ex.Csr.Select(r => r.Entries));
        Assert.Equal(3, ex.PointerWidth);                      // 7 entries need ceil(log2(8)) = 3 bits per pointer
        var csr = ex.Totals.Single(t => t.Format.StartsWith("csr"));
        Assert.Equal(7 * 6 + 5 * 3, csr.WalkedBits);           // 57
        Assert.Equal(57, csr.LibraryBits);
        Assert.Equal(["01100000", "01000010", "00000000", "00010001"], ex.Bitmask.Select(r => r.PresenceBits));
        var bitmask = ex.Totals.Single(t => t.Format == "bitmask");
        Assert.Equal(32 + 6 * 4, bitmask.WalkedBits);           // 56
        Assert.Equal(56, bitmask.LibraryBits);
        Assert.Equal(128, ex.Totals.Single(t => t.Format == "dense").LibraryBits);
        // k = 1: fillers floor((g-1)/2) = 0 0 3 2 6 1 -> 18 entries * 5 = 90; k = 3: 7 * 7 = 49; k = 4: 6 * 8 = 48 (best); k = 5: 54.
        Assert.Equal([90L, 66, 49, 48, 54], ex.RelativeByK.Take(5).Select(x => x.Bits));
        Assert.Equal(4, ex.BestK);
    }

    [Fact]
    public void Quantization_example_chooses_the_least_squares_interval()
    {
        var ex = QuantizationExample.Compute();
        Assert.Equal(4, ex.LevelsPerSign);                     // 3 bits, zero reserved for pruned weights: +-q{1..4}
        int[] k = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4];
        Assert.Equal(k.Select((x, i) => QuantizationExample.DefaultWeights[i] < 0 ? -x : x), ex.Weights.Select(w => w.LevelIndex));
        // With those indices fixed, q* = sum |w| k / sum k^2 = ((0.09+0.11+0.20+0.21+0.19) + 2 (0.30+0.31+0.29) + 3 (0.40+0.42+0.38) + 4 * 0.62) / 60 = 8.68 / 60.
        Assert.Equal(8.68 / 60, ex.Interval, 4);
        Assert.Equal(ex.ClosedFormInterval, ex.Interval, 5);
        double q = ex.Interval;
        double hand = QuantizationExample.DefaultWeights.Zip(k, (w, j) => Math.Pow(Math.Abs(w) - j * q, 2)).Sum();
        Assert.Equal(hand, ex.SquaredError, 6);   // snapped values are float32
        // Brute force over a fine grid of q: nothing beats the chosen interval.
        for (double c = 0.05; c < 0.2; c += 1e-5)
        {
            double e = QuantizationExample.DefaultWeights.Sum(w => { double k = Math.Clamp(Math.Round(Math.Abs(w) / c), 1, 4); return Math.Pow(Math.Abs(w) - k * c, 2); });
            Assert.True(e >= ex.SquaredError - 1e-7, $"q = {c}: {e} < {ex.SquaredError}");
        }
    }

    [Fact]
    public void Admm_step_example_matches_the_hand_iteration()
    {
        var ex = AdmmStepExample.Compute();
        // Z0 keeps the 3 largest |W0|: 0.9, -0.6, 0.4. W1 = W0 - 0.5 ((W0 - T) + (W0 - Z0)).
        double[] w1 = [0.95, -0.1, 0.25, 0.05, -0.55, 0.15, 0.0, 0.45];
        double[] z1 = [0.95, 0, 0, 0, -0.55, 0, 0, 0.45];       // the support moved from (0,2) to (1,3)
        double[] u1 = [0, -0.1, 0.25, 0.05, 0, 0.15, 0, 0];
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(w1[i], ex.Weights[i].W1, 12);
            Assert.Equal(z1[i], ex.Weights[i].Z1, 12);
            Assert.Equal(u1[i], ex.Weights[i].U1, 12);
        }
        Assert.Equal([true, false, true, false, true, false, false, false], ex.Weights.Select(w => w.KeptBefore));
        Assert.Equal(Math.Sqrt(0.05 * 0.05 + 0.4 * 0.4 + 0.05 * 0.05 + 0.45 * 0.45), ex.DualResidual, 12);
        Assert.Equal(Math.Sqrt(u1.Sum(u => u * u)) / Math.Sqrt(w1.Sum(w => w * w)), ex.PrimalResidual, 12);
    }

    [Fact]
    public void Budget_example_at_100x_follows_the_square_root_rule()
    {
        var ex = BudgetExample.Compute();
        // 430,500 / 100 = 4,305 kept; no layer is capped, so c = 4305 / (sqrt 500 + sqrt 25000 + sqrt 400000 + sqrt 5000).
        double c = 4305 / (Math.Sqrt(500) + Math.Sqrt(25000) + Math.Sqrt(400000) + Math.Sqrt(5000));
        Assert.Equal(c, ex.C, 6);
        Assert.Equal(4.8718, ex.C, 3);
        Assert.Equal([109L, 770, 3081, 344], ex.Layers.Select(l => l.Kept));   // round(c sqrt N): 108.9, 770.3, 3081.2, 344.5
        Assert.Equal(430500.0 / 4304, ex.AchievedRate, 9);
    }

    [Fact]
    public void Bad_example_inputs_are_named()
    {
        Assert.Contains("nonzero", Assert.Throws<KitException>(() => QuantizationExample.Compute(weights: [0.1f, 0f])).Message);
        Assert.Contains("index bits", Assert.Throws<KitException>(() => MaskEncodingExample.Compute(indexBits: 0)).Message);
        Assert.Contains("out of range", Assert.Throws<KitException>(() => MaskEncodingExample.Compute(nonzero: [40])).Message);
    }
}
