using Kit.Costs;
using Kit.Research;

namespace Kit.Tests.Reproduction;

public class Rq4IndexOverheadTests
{
    [Fact]
    public void Relative_and_bitmask_rows_match_hand_counted_bits()
    {
        // 1 x 8 layer, nonzeros at 0 and 7: gaps 1 and 7. k = 3 holds 1..8, so no fillers: 2 entries x (4 + 3) = 14 bits
        // (k = 2 needs a filler: 3 x 6 = 18; k = 4: 2 x 8 = 16). Values 2 x 4 = 8 bits, so 6 bits of overhead.
        var layer = new CostLayer(new LayerMask("l", 1, 8, [0, 7]));
        var rows = Rq4IndexOverhead.Rows([layer], rate: 4, bits: 4);
        var rel = rows.Single(r => r.Format == "relative");
        Assert.Equal(14, rel.TotalBits);
        Assert.Equal(3, rel.IndexBits);
        Assert.Equal(8, rel.ValueBits);
        Assert.Equal(6, rel.OverheadBits);
        Assert.Equal(3.0, rel.OverheadPerNonzero);
        Assert.Equal(6.0 / 14, rel.OverheadFraction, 12);
        Assert.Equal(32.0 / 14, rel.PEq, 12);
        // Bitmask: one presence bit per weight + the values = 8 + 8.
        var bm = rows.Single(r => r.Format == "bitmask");
        Assert.Equal(16, bm.TotalBits);
        Assert.Equal(8, bm.OverheadBits);
        Assert.Equal(2.0, bm.PEq, 12);
        Assert.Equal(["relative", "csr", "csc", "bitmask", "relative_huffman"], rows.Select(r => r.Format));
    }

    [Fact]
    public void LeNet5_random_masks_at_100x_give_the_counted_bitmask_cost()
    {
        // round(N_layer / 100): conv1 5, conv2 250, fc1 4,000, fc2 50 -> 4,305 nonzeros of 430,500.
        var rows = Rq4IndexOverhead.Rows(RandomMaskTable.Masks(100, 1), 100, 4);
        var bm = rows.Single(r => r.Format == "bitmask");
        Assert.Equal(4305, bm.Nonzeros);
        Assert.Equal(430_500 + 4305 * 4, bm.TotalBits);
        Assert.Equal(430_500 * 4.0 / (430_500 + 4305 * 4), bm.PEq, 12);
        // Index overhead of every format is what is left after the values.
        Assert.All(rows, r => Assert.Equal(r.TotalBits - 4305 * 4, r.OverheadBits));
    }

    [Fact]
    public void Overhead_share_of_the_relative_index_falls_as_bits_grow()
    {
        var masks = RandomMaskTable.Masks(348, 1);
        var shares = Rq4IndexOverhead.BitWidths.Select(b => Rq4IndexOverhead.Rows(masks, 348, b).Single(r => r.Format == "relative").OverheadFraction).ToList();
        for (int i = 1; i < shares.Count; i++) Assert.True(shares[i] < shares[i - 1], $"share at b={i + 1} not below b={i}");
    }

    [Fact]
    public void Verdict_flips_exactly_for_structured_rates_between_the_two_p_eq()
    {
        IndexOverheadRow R(string f, double peq) => new() { Rate = 100, Bits = 2, Format = f, PEq = peq };
        var v = Rq4IndexOverhead.Verdict([R("relative", 8), R("csr", 7), R("csc", 6), R("bitmask", 12), R("relative_huffman", 9)]);
        Assert.Equal("relative", v.BestIndexFormat);
        Assert.Equal("bitmask", v.BestFormat);
        Assert.True(v.EncodingChangesBest);
        Assert.Equal("10x", v.FlipsAtKitRates);   // 10 lies in [8, 12), 20 does not
        var none = Rq4IndexOverhead.Verdict([R("relative", 30), R("csr", 7), R("csc", 6), R("bitmask", 12), R("relative_huffman", 29)]);
        Assert.False(none.EncodingChangesBest);
        Assert.Equal("", none.FlipsAtKitRates);
    }
}
