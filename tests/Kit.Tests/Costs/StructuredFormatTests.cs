using Kit.Costs;

namespace Kit.Tests.Costs;

public class StructuredFormatTests
{
    [Fact]
    public void SingleLayerKeepsRowsAndColumnsWithNonzeros()
    {
        var s = StructuredFormat.Layer(CostTestMasks.Small(), 2);
        Assert.Equal(2, s.KeptRows);    // rows 0 and 2
        Assert.Equal(3, s.KeptColumns); // columns 0, 5, 7
        Assert.Equal(2 * 3 * 2, s.ShrunkBits);
        Assert.Equal(3 + 8, s.MetadataBits);
        Assert.Equal(23, s.TotalBits);
    }

    // A: 3 outputs x 2 inputs; B reads A through 2 columns per output (B is 2 x 6).
    static CostLayer A(params int[] nz) => new(new LayerMask("a", 3, 2, nz), "b", 2);
    static CostLayer B(params int[] nz) => new(new LayerMask("b", 2, 6, nz));

    [Fact]
    public void RemovedFilterRemovesTheConsumersChannel()
    {
        // A keeps rows 0 and 2 (row 1 empty). B has nonzeros at (0,0), (0,2), (1,5); column 2 reads A's
        // removed output 1, so it goes although it is nonzero.
        var s = StructuredFormat.Model([A(0, 5), B(0, 2, 11)], 4);
        Assert.Equal((2, 2), (s[0].KeptRows, s[0].KeptColumns));
        Assert.Equal((2, 2), (s[1].KeptRows, s[1].KeptColumns));
        Assert.Equal(2 * 2 * 4 + 3 + 2, s[0].TotalBits);
        Assert.Equal(2 * 2 * 4 + 2 + 6, s[1].TotalBits);
        // Alone, B would keep 3 columns.
        Assert.Equal(3, StructuredFormat.Layer(B(0, 2, 11).Mask, 4).KeptColumns);
    }

    [Fact]
    public void UnreadOutputIsDeadAndTheRemovalCascades()
    {
        // B reads only channel 1 (columns 2, 3) of A ... which A's empty row 1 removes; and nothing reads
        // A's output 2, so A keeps row 0 only, and column 1 (used only by row 2) goes too.
        var s = StructuredFormat.Model([A(0, 5), B(0, 2, 8)], 4);
        Assert.Equal((1, 1), (s[0].KeptRows, s[0].KeptColumns));
        Assert.Equal((1, 1), (s[1].KeptRows, s[1].KeptColumns));
    }

    [Fact]
    public void CouplingShapeMismatchIsAClearError()
    {
        var bad = new CostLayer(new LayerMask("a", 3, 2, [0]), "b", 3);
        Assert.Contains("do not match", Assert.Throws<KitException>(() => StructuredFormat.Model([bad, B(0)], 4)).Message);
        var missing = new CostLayer(new LayerMask("a", 3, 2, [0]), "zz", 2);
        Assert.Contains("consumer 'zz'", Assert.Throws<KitException>(() => StructuredFormat.Model([missing, B(0)], 4)).Message);
    }
}
