using System.Text.Json.Nodes;
using Kit.Costs;
using Kit.IO;

namespace Kit.Tests.Costs;

/// <summary>
/// Value widths, hand-computed: a format whose encoding of a layer holds a zero entry needs b + 1 bits per value when
/// the layer's known nonzero values fill all 2^b codes; b otherwise, and b whenever the values are unknown.
/// </summary>
public class ValueWidthTests
{
    /// <summary>1 x 28: columns 0..18 (gaps 1) then column 27 (gap 9): 20 nonzeros.</summary>
    static readonly LayerMask Gappy = new("gappy", 1, 28, [.. Enumerable.Range(0, 19), 27]);

    /// <summary>1 x 20, every weight kept: no gap above 1, nothing to fill.</summary>
    static readonly LayerMask Full = new("full", 1, 20, [.. Enumerable.Range(0, 20)]);

    /// <summary>n nonzero values cycling through <paramref name="levels"/> distinct levels.</summary>
    static float[] Cycle(int n, int levels) => [.. Enumerable.Range(0, n).Select(i => 0.25f * (1 + i % levels))];

    static FormatCost Cost(string format, LayerMask mask, int bits, float[]? values) =>
        StorageFormats.Get(format).Cost(new CostLayer(mask, Values: values), bits)!;

    [Fact]
    public void Widths_follow_the_level_count()
    {
        Assert.Equal((3, 4), (ValueWidths.FromDistinct(8, 3).Bits, ValueWidths.FromDistinct(8, 3).WithZeros)); // full: 8 + zero > 2^3
        Assert.Equal(3, ValueWidths.FromDistinct(7, 3).WithZeros);   // room for the zero code
        Assert.Equal(3, ValueWidths.FromDistinct(9, 3).WithZeros);   // not a 3-bit table: costed as if quantized
        Assert.Equal(3, ValueWidths.Nominal(3).WithZeros);           // values unknown
        Assert.Equal(32, ValueWidths.FromDistinct(1000, 32).WithZeros); // raw float32: +0.0 is code 0
        Assert.Equal(2, ValueWidths.FromDistinct(2, 1).WithZeros);
        Assert.Throws<KitException>(() => ValueWidths.Nominal(0));
    }

    [Fact]
    public void Relative_with_fillers_and_full_levels_costs_b_plus_one()
    {
        // b = 2, 4 distinct values. Gap 9 needs floor(8/2^k) fillers: k=1: 4 fillers, 24 entries * (3 + 1) = 96;
        // k=2: 22 * (3 + 2) = 110; k=3: 21 * 6 = 126; k=4: no filler, 20 * (2 + 4) = 120. Best: k = 1, 96 bits.
        var c = (IndexedFormatCost)Cost("relative", Gappy, 2, Cycle(20, 4));
        Assert.Equal((96L, 1, 4L, 3, true), (c.TotalBits, c.IndexBits, c.Fillers, c.ValueWidth, c.StoresZeros));
        // Values unknown: the convention that levels fit with the zero code, 24 * (2 + 1) = 72.
        var unknown = (IndexedFormatCost)Cost("relative", Gappy, 2, null);
        Assert.Equal((72L, 1, 2), (unknown.TotalBits, unknown.IndexBits, unknown.ValueWidth));
        // 3 levels leave code 0 free for the fillers: 72 bits at b.
        Assert.Equal((72L, 2), (Cost("relative", Gappy, 2, Cycle(20, 3)).TotalBits, Cost("relative", Gappy, 2, Cycle(20, 3)).ValueWidth));
        // Same 4 levels without fillers: 20 * (2 + 1) = 60 at b.
        var full = Cost("relative", Full, 2, Cycle(20, 4));
        Assert.Equal((60L, 2, false), (full.TotalBits, full.ValueWidth, full.StoresZeros));
    }

    [Fact]
    public void Csr_widens_and_csc_of_the_same_layer_does_not()
    {
        // CSR of one row: the relative entries + 2 pointers of ceil(log2(24 + 1)) = 5 bits: 96 + 10 = 106.
        var csr = Cost("csr", Gappy, 2, Cycle(20, 4));
        Assert.Equal((106L, 3), (csr.TotalBits, csr.ValueWidth));
        // CSC: every column holds at most one nonzero at row 0, gap 1, so no filler at any k: b = 2 bits.
        // k = 1: 20 * (2 + 1) + 29 pointers * ceil(log2(21)) = 60 + 145 = 205.
        var csc = Cost("csc", Gappy, 2, Cycle(20, 4));
        Assert.Equal((205L, 2, false), (csc.TotalBits, csc.ValueWidth, csc.StoresZeros));
    }

    [Fact]
    public void Dense_stores_the_pruned_weights_as_zeros_but_bitmask_never_widens()
    {
        var values = Cycle(20, 4);
        var dense = Cost("dense", Gappy, 2, values);
        Assert.Equal((28L * 3, 3, true), (dense.TotalBits, dense.ValueWidth, dense.StoresZeros));
        Assert.Equal((20L * 2, 2, false), (Cost("dense", Full, 2, values).TotalBits, Cost("dense", Full, 2, values).ValueWidth, Cost("dense", Full, 2, values).StoresZeros));
        // Bitmask: 28 presence bits + 20 values at b = 2, whatever the levels.
        var bitmask = Cost("bitmask", Gappy, 2, values);
        Assert.Equal((28L + 40, 2, false), (bitmask.TotalBits, bitmask.ValueWidth, bitmask.StoresZeros));
        Assert.Equal(28L + 20, Cost("bitmask", Gappy, 1, Cycle(20, 2)).TotalBits); // 2 levels fill b = 1: still 1 bit each
    }

    [Fact]
    public void Structured_widens_only_when_its_block_holds_a_zero()
    {
        // 2 x 3, nonzeros (0,0), (0,1), (1,0): kept block 2 x 2 holds a zero. b = 1, levels {0.5, -0.5} fill 2^1 codes:
        // 4 * 2 + (2 + 3) = 13; values unknown or a single level: 4 * 1 + 5 = 9.
        var m = new LayerMask("s", 2, 3, [0, 1, 3]);
        var wide = (StructuredLayerCost)Cost("structured", m, 1, [0.5f, -0.5f, 0.5f]);
        Assert.Equal((13L, 2, true), (wide.TotalBits, wide.ValueWidth, wide.StoresZeros));
        Assert.Equal(9L, Cost("structured", m, 1, null).TotalBits);
        Assert.Equal(9L, Cost("structured", m, 1, [0.5f, 0.5f, 0.5f]).TotalBits);
        // The Gappy row's block (1 x 20) holds no zero: 20 * 2 + 1 + 28 = 69 at b.
        Assert.Equal((69L, 2, false), (Cost("structured", Gappy, 2, Cycle(20, 4)).TotalBits, Cost("structured", Gappy, 2, Cycle(20, 4)).ValueWidth, Cost("structured", Gappy, 2, Cycle(20, 4)).StoresZeros));
    }

    [Fact]
    public void Coupled_structured_counts_the_levels_left_in_its_block()
    {
        // A: 3 x 2 feeding B (2 x 6) through 2 columns per output. A's row 1 is empty, so B's column 2 goes.
        // B's values: (0,0) 0.5, (0,2) -0.5, (1,5) 0.5: two levels (full at b = 1). Alone, B keeps 2 x 3 with zeros:
        // 6 * 2 + 2 + 6 = 20. Coupled, its 2 x 2 block holds only 0.5: one level, 4 * 1 + 8 = 12.
        var a = new CostLayer(new LayerMask("a", 3, 2, [0, 5]), "b", 2, Values: [0.5f, 0.5f]);
        var b = new CostLayer(new LayerMask("b", 2, 6, [0, 2, 11]), Values: [0.5f, -0.5f, 0.5f]);
        var r = StorageAnalysis.Analyze([a, b], 1, ["structured"]);
        Assert.Equal((20L, 2), (r.Layers[1].Formats["structured"].TotalBits, r.Layers[1].Formats["structured"].ValueWidth));
        Assert.Equal((12L, 1, true), (r.Layers[1].StructuredCoupled!.TotalBits, r.Layers[1].StructuredCoupled!.ValueWidth, r.Layers[1].StructuredCoupled!.StoresZeros));
    }

    [Fact]
    public void Nm_widens_when_a_slot_is_padding()
    {
        // 1 x 8, 2:4: 2 groups, 4 slots of (b-bit value + 2-bit position). Nonzeros 0, 1, 4 leave one padding slot:
        // b = 1 with levels {1, -1} full: 4 * (2 + 2) = 16. Nonzeros 0, 1, 4, 5 fill every slot: 4 * (1 + 2) = 12.
        var padded = Cost("2:4", new LayerMask("p", 1, 8, [0, 1, 4]), 1, [1f, -1f, 1f]);
        Assert.Equal((16L, 2, true), (padded.TotalBits, padded.ValueWidth, padded.StoresZeros));
        var filled = Cost("2:4", new LayerMask("f", 1, 8, [0, 1, 4, 5]), 1, [1f, -1f, 1f, -1f]);
        Assert.Equal((12L, 1, false), (filled.TotalBits, filled.ValueWidth, filled.StoresZeros));
    }

    [Fact]
    public void Huffman_value_table_symbols_take_the_widened_width()
    {
        // 1 x 65540, nonzeros 0 and 65538 (gap 65538 > 2^16: fillers at every k). b = 1, values {0.5, -0.5} full.
        // k = 15: 2 fillers, remainder gap 2: fields {1:1, 2^15:2, 2:1}, lengths 2,1,2 = 6 bits, table 16 + 3*(15+6) = 79;
        // values {1, 1, fillers 2}: 6 bits, table 16 + 3 * (2 + 6) = 40 (symbols of 2 bits). Total 131.
        // (k = 16: 5 + 82 + 5 + 40 = 132; k = 14: 8 + 76 + 8 + 40 = 132; smaller k cost more.)
        var far = new LayerMask("far", 1, 65_540, [0, 65_538]);
        var c = (HuffmanFormatCost)StorageFormats.Get("relative_huffman").Cost(new CostLayer(far, Values: [0.5f, -0.5f]), 1)!;
        Assert.Equal((131L, 15, 2, true, true), (c.TotalBits, c.IndexBits, c.ValueWidth, c.StoresZeros, c.ValuesHuffman));
        Assert.Equal(40, c.ValueTableBits);
        // Values unknown: fixed 1-bit values, k = 15: 6 + 79 + 4 entries * 1 = 89.
        var u = HuffmanRelativeFormat.Best(far, 1);
        Assert.Equal((89L, 1, false), (u.TotalBits, u.ValueWidth, u.ValuesHuffman));
    }

    [Fact]
    public void Report_keeps_nominal_bits_and_the_p_eq_numerator_and_records_each_width()
    {
        var r = StorageAnalysis.Analyze([new CostLayer(Gappy, Values: Cycle(20, 4)), new CostLayer(Full, Values: Cycle(20, 4))], 2, StorageFormats.AllNames);
        Assert.Equal(2, r.Bits);
        // The p_eq numerator stays N*b = 28*2 at the nominal b, not the widened dense cost 28*3.
        Assert.Equal(56, r.Layers[0].DenseBits);
        Assert.Equal(84, r.Layers[0].Formats["dense"].TotalBits);
        Assert.Equal(56.0 / 96, r.Layers[0].PEq["relative"], 12);
        Assert.Equal(56.0 / 84, r.Layers[0].Formats["dense"].PEq!.Value, 12);
        Assert.Equal(56 + 40, r.Total.DenseBits);
        Assert.Equal(96 + 60, r.Total.Format("relative")!.TotalBits);
        Assert.Equal(1, r.Total.Format("relative")!.WidenedLayers);
        Assert.Equal(0, r.Total.Format("bitmask")!.WidenedLayers);
        var json = JsonNode.Parse(Json.Serialize(r))!;
        Assert.Equal(2, (int)json["bits"]!);
        Assert.Equal(3, (int)json["layers"]![0]!["relative"]!["value_width"]!);
        Assert.True((bool)json["layers"]![0]!["relative"]!["stores_zeros"]!);
        Assert.Equal(2, (int)json["layers"]![1]!["relative"]!["value_width"]!);
        Assert.Equal(56, (long)json["layers"]![0]!["dense_bits"]!);
        Assert.Equal(1, (int)json["total"]!["relative"]!["widened_layers"]!);
    }

    [Fact]
    public void Values_must_match_the_mask()
    {
        var e = Assert.Throws<KitException>(() => Cost("relative", Gappy, 2, [1f, 2f]));
        Assert.Contains("mask 'gappy': 2 values for 20 nonzeros", e.Message);
    }
}
