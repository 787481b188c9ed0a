using CsCheck;
using Kit.Costs;
using Kit.Export;

namespace Kit.Tests.Export;

/// <summary>
/// Random masks and level tables through every codec: the payload has exactly the cost model's bits and decodes to the
/// same weights (float32 bits), or the layer is refused exactly when the format cannot hold it (N:M overfull groups,
/// more levels than b bits hold). A layer is written at the cost model's value width (b, or b + 1 when the format
/// stores zeros and the levels fill 2^b codes).
/// </summary>
public class CodecPropertyTests
{
    static readonly Gen<(int seed, int format, int rows, int cols, int density, int bits, int levels)> Cases =
        Gen.Select(Gen.Int, Gen.Int[0, LayerCodecs.All.Count - 1], Gen.Int[1, 40], Gen.Int[1, 70], Gen.Int[0, 100],
            Gen.Int[1, 7].Select(b => b == 7 ? 32 : b), Gen.Int[1, 64]);

    [Fact]
    public void Random_layers_round_trip_with_the_cost_models_bits()
    {
        int roundTrips = 0;
        Cases.Sample(c =>
        {
            var rng = new Random(c.seed);
            var codec = LayerCodecs.All[c.format];
            // Sparse masks are the interesting ones: square the density so that most cases have long gaps.
            double density = c.density * c.density / 10_000.0;
            var levels = c.bits == 32
                ? [.. Enumerable.Range(0, 200).Select(_ => (float)(rng.NextDouble() - 0.5) is var v && v != 0 ? v : 1f)]
                // One case in four may take one level more than b bits hold (refused); the rest fit, often filling 2^b.
                : ExportTestModels.Levels(rng, Math.Min(c.levels, (1 << c.bits) + (c.seed % 4 == 0 ? 1 : 0)));
            var layer = ExportTestModels.RandomLayer(rng, c.rows, c.cols, density, levels);
            if (Check(codec, layer, c.bits)) Interlocked.Increment(ref roundTrips);
        }, iter: 600);
        Assert.True(roundTrips > 300, $"only {roundTrips} of 600 cases round-tripped; the rest were refused");
    }

    /// <summary>True when the layer round-tripped, false when it was (rightly) refused.</summary>
    static bool Check(ILayerCodec codec, CostLayer layer, int bits)
    {
        var plan = codec.Plan(layer, bits);
        var cost = StorageFormats.Get(codec.Name).Cost(layer, bits);
        if (plan is null)
        {
            Assert.Null(cost);
            Assert.True(Overfull(layer.Mask, codec.Name), $"{codec.Name} refused a mask whose groups fit");
            return false;
        }
        Assert.Equal(cost!.TotalBits, plan.PayloadBits);
        Assert.Equal(cost.ValueWidth, plan.Bits);
        int distinct = layer.Values!.Distinct().Count();
        if (bits != 32 && distinct > 1 << bits)
        {
            Assert.Throws<KitException>(() => ValueCodes.For(layer.Name, layer.Values, plan.Bits, plan.ZeroCode));
            return false;
        }
        var codes = ValueCodes.For(layer.Name, layer.Values, plan.Bits, plan.ZeroCode);
        var w = new BitWriter();
        codec.Encode(layer, plan, codes, w);
        Assert.Equal(plan.PayloadBits, w.BitCount);

        var reader = new BitReader(w.ToArray(), 0, w.BitCount);
        var weights = new float[layer.Mask.Weights];
        codec.Decode(plan, ValueCodes.FromTable(plan.Bits, plan.ZeroCode, codes.Levels), reader, weights);
        Assert.Equal(0, reader.BitsLeft);
        var expected = new float[layer.Mask.Weights];
        for (int i = 0; i < layer.Mask.Nnz; i++) expected[layer.Mask.Nonzero[i]] = layer.Values![i];
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), weights.Select(BitConverter.SingleToInt32Bits));
        return true;
    }

    /// <summary>Whether some group of M consecutive columns holds more than N nonzeros (only N:M formats can refuse).</summary>
    static bool Overfull(LayerMask mask, string format)
    {
        var parts = format.Split(':');
        if (parts.Length != 2) return false;
        int n = int.Parse(parts[0]), m = int.Parse(parts[1]);
        return mask.Nonzero.GroupBy(p => (p / mask.Columns, p % mask.Columns / m)).Any(g => g.Count() > n);
    }
}
