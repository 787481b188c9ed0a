using Kit.Costs;

namespace Kit.Tests.Costs;

public class NmFormatTests
{
    static FormatCost? Cost(string format, LayerMask mask, int bits) => StorageFormats.Get(format).Cost(new CostLayer(mask), bits);

    [Fact]
    public void Hand_computed_costs()
    {
        // 2 x 6, groups [0..3] [4..5] per row: row 0 keeps 0, 2 | 5; row 1 keeps 7 | 10, 11. 2:4 fits.
        var mask = new LayerMask("m", 2, 6, [0, 2, 5, 7, 10, 11]);
        var c = Assert.IsType<NmFormatCost>(Cost("2:4", mask, 4));
        Assert.Equal(4, c.Groups);                // 2 rows x ceil(6 / 4)
        Assert.Equal(4 * 2 * 4, c.ValueBits);     // N = 2 values of 4 bits per group
        Assert.Equal(4 * 2 * 2, c.MetadataBits);  // 2 bits per value name its position in 4
        Assert.Equal(48, c.TotalBits);
        Assert.Null(Cost("1:4", mask, 4));        // row 0's first group holds two
        // 1 x 9 at b = 3 with one per group: 3 groups x 1 x (3 + 2) = 15.
        Assert.Equal(15, Cost("1:4", new LayerMask("r", 1, 9, [1, 7, 8]), 3)!.TotalBits);
    }

    [Theory]
    [InlineData("2:4", 2, 5)]
    [InlineData("1:4", 2, 5)]
    [InlineData("2:4", 1, 9)]
    public void Fits_exactly_the_masks_with_at_most_n_per_group(string name, int rows, int columns)
    {
        var format = (NmFormat)StorageFormats.Get(name);
        int count = rows * columns, groups = rows * ((columns + format.M - 1) / format.M);
        for (int bits = 0; bits < 1 << count; bits++)
        {
            var nonzero = Enumerable.Range(0, count).Where(i => (bits >> i & 1) == 1).ToArray();
            bool fits = nonzero.GroupBy(p => (p / columns, p % columns / format.M)).All(g => g.Count() <= format.N);
            var cost = format.Cost(new CostLayer(new LayerMask("m", rows, columns, nonzero)), 5);
            if (!fits) Assert.Null(cost);
            else Assert.Equal((long)groups * format.N * (5 + 2), cost!.TotalBits);
        }
    }

    [Fact]
    public void Registry_names_aliases_and_selections()
    {
        Assert.Equal("relative_huffman", StorageFormats.Get("huffman").Name);
        Assert.Contains("2:4", StorageFormats.AllNames);
        Assert.DoesNotContain("2:4", StorageFormats.Default);
        Assert.Equal(["1:4", "bitmask", "dense"], StorageFormats.Parse(["1:4,dense", "bitmask"]));
        var e = Assert.Throws<KitException>(() => StorageFormats.Parse(["3:4"]));
        Assert.Contains("unknown format '3:4'", e.Message);
        Assert.Contains("2:4", e.Message);
    }

    [Fact]
    public void Best_format_needs_every_sparse_format_and_picks_the_cheapest()
    {
        var layers = new[] { new CostLayer(CostTestMasks.Small()) };
        // b = 2: relative 21 < csr 23 < csc = bitmask 30 (PEqTests); 2:4 = 6 groups x 2 x 4 = 48, 1:4 = 24.
        var all = StorageAnalysis.Analyze(layers, 2, StorageFormats.AllNames);
        Assert.Equal(24, all.Total.Format("1:4")!.TotalBits);
        Assert.Equal(48, all.Total.Format("2:4")!.TotalBits);
        Assert.Equal(("relative", 21L), StorageAnalysis.BestFormat(all));
        var e = Assert.Throws<KitException>(() => StorageAnalysis.BestFormat(StorageAnalysis.Analyze(layers, 2)));
        Assert.Contains("relative_huffman", e.Message);
    }
}
