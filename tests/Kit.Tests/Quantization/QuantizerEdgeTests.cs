using Kit.Quantization;

namespace Kit.Tests.Quantization;

/// <summary>Paths the mutation run (docs/mutation-testing.md) found unchecked: direct construction, zero as a code in alpha*Q, empty input, unknown kinds.</summary>
public class QuantizerEdgeTests
{
    [Fact]
    public void Quantizers_built_directly_validate_their_bits_and_name_their_kind()
    {
        Assert.Equal("uniform.bits must be in 1..8, got 9", Assert.Throws<KitException>(() => new UniformQuantizer(9)).Message);
        Assert.Equal("alpha_q.bits must be in 1..8, got 0", Assert.Throws<KitException>(() => new AlphaQQuantizer(0)).Message);
    }

    [Fact]
    public void An_unknown_kind_is_refused_by_name()
    {
        var e = Assert.Throws<KitException>(() => new QuantizerSpec { Kind = (QuantizerKind)99, Bits = 3 }.Build("q"));
        Assert.Contains("q.kind", e.Message);
    }

    [Fact]
    public void Alpha_q_with_zero_as_code_lets_small_weights_take_code_zero_at_its_fixed_point()
    {
        // Small weights near 0 and a cluster near 1: with zero a code, the small ones take code 0 and alpha fits the rest.
        float[] kept = [0.01f, -0.02f, 0.015f, 0.98f, 1.02f, -1.0f, 2.0f, -1.97f, 3.05f];
        var levels = new AlphaQQuantizer(3, zeroIsCode: true).Fit(kept);
        Assert.True(levels.ZeroAllowed);
        Assert.Equal(3, levels.Magnitudes.Length);
        double alpha = levels.Magnitudes[0];
        // Oracle: least squares over the codes the fixed point assigns, computed here with codes 0..3 allowed.
        double vq = 0, qq = 0;
        int zeros = 0;
        foreach (var v in kept)
        {
            double k = Math.Clamp(Math.Round(Math.Abs(v) / alpha), 0, 3);
            if (k == 0) zeros++;
            vq += Math.Abs(v) * k; qq += k * k;
        }
        Assert.Equal(3, zeros);
        Assert.Equal(vq / qq, alpha, 6);
        Assert.Equal(1.0, alpha, 1);
    }

    [Fact]
    public void Ternary_of_nothing_kept_gives_a_finite_level()
    {
        var levels = new TernaryQuantizer().Fit([]);
        Assert.True(double.IsFinite(levels.Magnitudes.Single()) && levels.Magnitudes[0] > 0);
    }
}
