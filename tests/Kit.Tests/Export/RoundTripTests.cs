using Kit.Costs;
using Kit.Export;

namespace Kit.Tests.Export;

/// <summary>
/// Every format: a pruned, quantized LeNet-5 and LeNet-300-100 (built here, not trained) exported and loaded back
/// has bit-identical state (every tensor's float32 bits) and bit-identical logits.
/// </summary>
[Collection("torch")]
public class RoundTripTests
{
    public static TheoryData<string, string> FormatsAndModels()
    {
        var d = new TheoryData<string, string>();
        foreach (var f in LayerCodecs.Names)
            foreach (var m in new[] { "lenet5", "lenet-300-100" }) d.Add(f, m);
        return d;
    }

    [Fact]
    public void Every_costed_format_has_a_codec_under_its_name()
    {
        Assert.Equal(StorageFormats.AllNames, LayerCodecs.Names);
        Assert.Equal("relative_huffman", LayerCodecs.Get("huffman").Name);
    }

    [Theory]
    [MemberData(nameof(FormatsAndModels))]
    public void Exported_model_loads_back_bit_identical(string format, string architecture)
    {
        bool nm = format.Contains(':');
        using var model = ExportTestModels.PrunedQuantized(architecture, seed: 7, bits: 3, density: nm ? 0.1 : 0.05, keepOneOfFour: nm);
        AssertRoundTrip(model, format, bits: null);
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("csr")]
    [InlineData("relative_huffman")]
    [InlineData("bitmask")]
    [InlineData("dense")]
    public void Float_weights_round_trip_as_raw_float32_at_b_32(string format)
    {
        using var model = ExportTestModels.PrunedQuantized("lenet5", seed: 3, density: 0.005, quantized: false);
        var report = AssertRoundTrip(model, format, bits: 32);
        Assert.All(report.Layers, l => Assert.Equal(0, l.Levels));
    }

    [Fact]
    public void Default_b_is_the_smallest_that_holds_every_layers_levels()
    {
        // 2^3 nonzero levels per layer: the nominal b is 3 in every format. Bitmask needs no zero code, so every layer
        // is at 3 bits; relative has fillers at this density, so a layer with fillers and all 8 levels needs 9 codes:
        // 4 bits (conv1 keeps only ~10 weights, so it may not use every level).
        using var model = ExportTestModels.PrunedQuantized("lenet5", seed: 5, bits: 3, density: 0.02);
        var bitmask = ModelFileWriter.Encode(model, ExportTestModels.Info, "bitmask", null).Report;
        Assert.Equal(3, bitmask.Bits);
        Assert.All(bitmask.Layers, l => Assert.Equal(3, l.Bits));
        var relative = ModelFileWriter.Encode(model, ExportTestModels.Info, "relative", null).Report;
        Assert.Equal(3, relative.Bits);
        Assert.Contains(relative.Layers, l => l.ZeroCode);
        Assert.All(relative.Layers, l => Assert.Equal(l.ZeroCode && l.Levels == 8 ? 4 : 3, l.Bits));
        Assert.Contains(relative.Layers, l => l.Bits == 4);
        var e = Assert.Throws<KitException>(() => ModelFileWriter.Encode(model, ExportTestModels.Info, "relative", 2));
        Assert.Contains("more than 2 bits can index", e.Message);
    }

    static ExportReport AssertRoundTrip(Kit.Models.KitModel model, string format, int? bits)
    {
        using var dir = new TempDir();
        var file = dir.File("m.kitm");
        var report = ModelFileWriter.Write(model, ExportTestModels.Info, format, bits, file);
        var (loaded, info) = ModelLoader.Load(file);
        using (loaded)
        {
            Assert.Equal(model.Architecture, info.Architecture);
            Assert.Equal("mnist", info.Dataset);
            var expected = ExportTestModels.StateBits(model);
            var actual = ExportTestModels.StateBits(loaded);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, bitsOf) in expected) Assert.True(bitsOf.SequenceEqual(actual[name]), $"{format}: {name} differs");
            Assert.Equal(ExportTestModels.Logits(model), ExportTestModels.Logits(loaded));
        }
        return report;
    }
}
