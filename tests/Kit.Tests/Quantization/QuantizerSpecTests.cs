using Kit.Quantization;

namespace Kit.Tests.Quantization;

/// <summary>The level conventions (method notes, section 1), the quantizer each spec builds, and degenerate inputs.</summary>
public class QuantizerSpecTests
{
    [Theory]
    [InlineData(QuantizerKind.Uniform, 1, false, 1)]
    [InlineData(QuantizerKind.Uniform, 2, false, 2)]
    [InlineData(QuantizerKind.Uniform, 4, false, 8)]
    [InlineData(QuantizerKind.Uniform, 8, false, 128)]
    [InlineData(QuantizerKind.Uniform, 2, true, 1)]
    [InlineData(QuantizerKind.Uniform, 4, true, 7)]
    [InlineData(QuantizerKind.AlphaQ, 3, false, 4)]
    [InlineData(QuantizerKind.AlphaQ, 3, true, 3)]
    [InlineData(QuantizerKind.Binary, 1, false, 1)]
    [InlineData(QuantizerKind.Ternary, 2, false, 1)]
    public void Levels_per_sign_follow_the_zero_convention(QuantizerKind kind, int bits, bool zeroIsCode, int perSign)
    {
        // b bits hold 2^b codes: all nonzero when the sparsity structure encodes zero, one of them zero otherwise.
        var spec = new QuantizerSpec { Kind = kind, Bits = bits, ZeroIsCode = zeroIsCode };
        Assert.Equal(perSign, spec.LevelsPerSign);
        var levels = spec.Build().Fit([0.3f, -0.1f, 0.05f, 0.2f, -0.4f, 0.01f]);
        Assert.Equal(perSign, levels.Magnitudes.Length);
        Assert.Equal(zeroIsCode || kind == QuantizerKind.Ternary, levels.ZeroAllowed);
    }

    [Fact]
    public void Each_spec_builds_its_quantizer()
    {
        Assert.IsType<BinaryQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Binary, Bits = 1 }.Build());
        Assert.IsType<BinaryQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Uniform, Bits = 1 }.Build());
        Assert.IsType<TernaryQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Ternary }.Build());
        Assert.IsType<UniformQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Uniform, Bits = 2 }.Build());
        Assert.IsType<UniformQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Uniform, Bits = 2, ZeroIsCode = true }.Build());
        Assert.IsType<AlphaQQuantizer>(new QuantizerSpec { Kind = QuantizerKind.AlphaQ, Bits = 1 }.Build());
        Assert.Equal(8, new UniformQuantizer(4).N);
        Assert.Equal(3, new AlphaQQuantizer(3, zeroIsCode: true).N);
    }

    [Theory]
    [InlineData(QuantizerKind.Uniform, 0, false, "q.bits must be in 1..8, got 0")]
    [InlineData(QuantizerKind.Uniform, 9, false, "q.bits must be in 1..8, got 9")]
    [InlineData(QuantizerKind.AlphaQ, 0, false, "q.bits must be in 1..8, got 0")]
    [InlineData(QuantizerKind.Uniform, 1, true, "q.bits: 1 bit with zero_is_code leaves no nonzero level")]
    [InlineData(QuantizerKind.AlphaQ, 1, true, "q.bits: 1 bit with zero_is_code leaves no nonzero level")]
    public void Impossible_bit_widths_are_named(QuantizerKind kind, int bits, bool zeroIsCode, string message)
    {
        var e = Assert.Throws<KitException>(() => new QuantizerSpec { Kind = kind, Bits = bits, ZeroIsCode = zeroIsCode }.Build("q"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Fixed_level_quantizers_ignore_the_bit_field()
    {
        // Binary and ternary have a fixed number of levels: their bits field is not validated.
        Assert.IsType<BinaryQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Binary, Bits = 0 }.Build());
        Assert.IsType<TernaryQuantizer>(new QuantizerSpec { Kind = QuantizerKind.Ternary, Bits = 9 }.Build());
    }

    [Fact]
    public void Conventions_name_what_zero_is()
    {
        Assert.Equal(QuantizerSpec.SparsityConvention, new QuantizerSpec { Bits = 4 }.Convention);
        Assert.Equal(QuantizerSpec.ZeroCodeConvention, new QuantizerSpec { Bits = 4, ZeroIsCode = true }.Convention);
        Assert.StartsWith("ternary: {-a, 0, +a}", new QuantizerSpec { Kind = QuantizerKind.Ternary }.Convention);
        Assert.StartsWith("sparsity_encodes_zero", QuantizerSpec.SparsityConvention);
        Assert.StartsWith("zero_is_code", QuantizerSpec.ZeroCodeConvention);
    }

    [Fact]
    public void Values_lists_the_signed_levels_ascending()
    {
        Assert.Equal([-0.5, -0.2, 0.2, 0.5], new QuantLevels([0.2, 0.5], false).Values());
        Assert.Equal([-0.5, -0.2, 0, 0.2, 0.5], new QuantLevels([0.2, 0.5], true).Values());
    }

    public static TheoryData<QuantizerKind, int> AllKinds() => new()
    {
        { QuantizerKind.Uniform, 3 }, { QuantizerKind.AlphaQ, 3 }, { QuantizerKind.Binary, 1 }, { QuantizerKind.Ternary, 2 },
    };

    [Theory, MemberData(nameof(AllKinds))]
    public void Nothing_kept_or_all_zero_gives_tiny_positive_levels(QuantizerKind kind, int bits)
    {
        // A layer with no kept weight (or only zeros) must still get valid (positive, finite) levels.
        var q = new QuantizerSpec { Kind = kind, Bits = bits }.Build();
        foreach (var kept in new[] { Array.Empty<float>(), new float[] { 0, 0, 0 } })
        {
            var m = q.Fit(kept).Magnitudes;
            Assert.All(m, x => Assert.InRange(x, 1e-300, 1e-7));
            for (int i = 1; i < m.Length; i++) Assert.True(m[i] > m[i - 1]);
        }
    }

    [Fact]
    public void Alpha_q_on_a_uniform_grid_recovers_its_step()
    {
        // Weights exactly on +-0.1 * {1..4}: the alternation must stop at alpha = 0.1 (zero error).
        float[] w = [0.1f, -0.2f, 0.3f, 0.4f, -0.4f, 0.1f, 0.2f, -0.3f];
        var levels = new AlphaQQuantizer(3).Fit(w);
        Assert.Equal([0.1, 0.2, 0.3, 0.4], levels.Magnitudes.Select(x => Math.Round(x, 6)));
        Assert.Equal(0.1, UniformQuantizer.BestInterval(w, 4), 4);
        Assert.Equal(0, UniformQuantizer.Error(w, 0.1, 4), 10);
    }

    [Fact]
    public void Error_counts_clipping_and_the_zero_code()
    {
        // q = 0.1, n = 3: |w| = 0.04 takes code 1 (or 0 when zero is a code), 0.26 code 3, 0.9 is clipped to code 3.
        float[] w = [0.04f, -0.26f, 0.9f];
        double rest = Math.Pow(0.26 - 0.3, 2) + Math.Pow(0.9 - 0.3, 2);
        Assert.Equal(Math.Pow(0.04 - 0.1, 2) + rest, UniformQuantizer.Error(w, 0.1, 3), 6);
        Assert.Equal(Math.Pow(0.04, 2) + rest, UniformQuantizer.Error(w, 0.1, 3, zeroAllowed: true), 6);
    }
}
