using Kit.Costs;

namespace Kit.Tests.Costs;

public class PEqTests
{
    [Fact]
    public void PEqIsDenseBitsOverFormatBits()
    {
        var r = StorageAnalysis.Analyze([new CostLayer(CostTestMasks.Small())], 2, StorageFormats.AllNames);
        var l = r.Layers[0];
        Assert.Equal(48, l.DenseBits);
        Assert.Equal(48.0 / 21, l.PEq["relative"], 12);
        Assert.Equal(48.0 / 23, l.PEq["csr"], 12);
        Assert.Equal(48.0 / 30, l.PEq["csc"], 12);
        Assert.Equal(48.0 / 30, l.PEq["bitmask"], 12);
        Assert.Equal(48.0 / 23, l.PEq["structured"], 12);
        Assert.Equal(l.PEq["relative"], l.Formats["relative"].PEq!.Value, 12);
        Assert.Equal(8.0, l.Rate);
    }

    [Fact]
    public void TotalsSumLayersEachAtItsOwnK()
    {
        var layers = new[] { new CostLayer(CostTestMasks.Small()), new CostLayer(CostTestMasks.Row()) };
        var r = StorageAnalysis.Analyze(layers, 4);
        // Expected bits from the reference encoder (one entry at a time), each layer at its own best k.
        long BestBits(LayerMask m) => Enumerable.Range(1, 16).Min(k => CostTestMasks.EncodeEntries(CostTestMasks.WholeLayer(m), k) * (4L + k));
        long ownK = layers.Sum(l => BestBits(l.Mask));
        long sharedK = Enumerable.Range(1, 16).Min(k => layers.Sum(l => CostTestMasks.EncodeEntries(CostTestMasks.WholeLayer(l.Mask), k) * (4L + k)));
        Assert.True(ownK < sharedK, "the masks must prefer different widths, or the test cannot tell per-layer k from a shared one");
        Assert.Equal(ownK, r.Total.Format("relative")!.TotalBits);
        Assert.Equal(BestBits(CostTestMasks.Small()), r.Layers[0].Formats["relative"].TotalBits);
        Assert.Equal(BestBits(CostTestMasks.Row()), r.Layers[1].Formats["relative"].TotalBits);
        // CSR by definition: rows encoded on their own, R + 1 pointers of ceil(log2(entries + 1)) bits.
        long CsrBits(LayerMask m) => Enumerable.Range(1, 16).Min(k =>
        {
            long entries = CostTestMasks.EncodeEntries(CostTestMasks.ByRow(m), k);
            return entries * (4L + k) + (m.Rows + 1L) * CostTestMasks.BitLength(entries);
        });
        Assert.Equal(layers.Sum(l => CsrBits(l.Mask)), r.Total.Format("csr")!.TotalBits);
        Assert.Equal((24.0 + 20) * 4 / ownK, r.Total.PEq["relative"], 12);
        Assert.Equal(8, r.Total.Nonzeros);
    }

    [Fact]
    public void GeometricModelMatchesRandomMasks()
    {
        // Mean fillers per gap for density d at width k: q/(1-q), q = (1-d)^(2^k).
        var m = LayerMask.Random("r", 1000, 1000, 10_000, 1);
        var g = RelativeIndexFormat.Gaps(m);
        var f = g.FillersByIndexBits();
        double expected = StorageBreakEven.ExpectedBitsPerNonzero(0.01, 4, 6);
        double measured = (double)(m.Nnz + f[6]) * 10 / m.Nnz;
        Assert.InRange(measured / expected, 0.97, 1.03);
        Assert.Equal(4 + 3, StorageBreakEven.ExpectedBitsPerNonzero(1, 4, 3), 12);
    }

    [Fact]
    public void BreakEvenRateInvertsTheExpectedPEq()
    {
        double peq = StorageBreakEven.ExpectedPEq(348, 4);
        Assert.InRange(peq, 85, 100); // the paper's ~94x
        Assert.Equal(348, StorageBreakEven.NonStructuredRateToMatch(peq, 4), 3);
        Assert.True(StorageBreakEven.NonStructuredRateToMatch(20, 1) > StorageBreakEven.NonStructuredRateToMatch(20, 8));
    }

    [Fact]
    public void RandomTableIsReproducible()
    {
        var a = RandomMaskTable.Masks(100, 7);
        var b = RandomMaskTable.Masks(100, 7);
        Assert.Equal(a.Select(l => l.Mask.Nonzero), b.Select(l => l.Mask.Nonzero));
        // A fixed value guards against process-randomized hashing sneaking back into the seeds.
        Assert.Equal(1732844944, SeedMix.Of(1, "fc1", 348));
        Assert.NotEqual(SeedMix.Of(1, "fc1", 348), SeedMix.Of(2, "fc1", 348));
    }

    [Fact]
    public void LeNet5RandomTableReproducesTheNotesAt348x()
    {
        var rows = RandomMaskTable.Build([348], [1, 4], 1);
        var b4 = rows.Single(r => r.Bits == 4);
        Assert.InRange(b4.BestK, 9, 11);
        Assert.InRange(b4.RelativePEq, 85, 100);
        Assert.InRange(rows.Single(r => r.Bits == 1).RelativePEq, 26, 34);
        Assert.InRange(b4.Nonzeros, 1230, 1240);
    }
}
