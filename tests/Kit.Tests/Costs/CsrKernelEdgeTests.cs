using Kit.Costs;

namespace Kit.Tests.Costs;

public class CsrKernelEdgeTests
{
    [Fact]
    public void ValueCountMustMatchTheMask()
    {
        var mask = new LayerMask("w", 2, 3, [0, 2, 4, 5]);
        var e = Assert.Throws<ArgumentException>(() => new CsrMatrix(mask, new float[3]));
        Assert.Equal("3 values for 4 nonzeros", e.Message);
    }

    [Fact]
    public void UsedColumnsListOnlyColumnsHoldingANonzero()
    {
        // 3 x 5, nonzeros at (0,1), (1,3), (2,1): columns 0, 2, 4 are empty.
        var csr = new CsrMatrix(new LayerMask("w", 3, 5, [1, 8, 11]), [1f, 2f, 3f]);
        Assert.Equal([1, 3, 1], csr.ColumnIndex);
        Assert.Equal([0, 1, 2, 3], csr.RowStart);
        Assert.Equal([1, 3], csr.UsedColumns);
        Assert.Equal([0, 1, 0], csr.PackedColumnIndex);
    }

    [Fact]
    public void PartitionEndsAtTheLastRowEvenWhenTrailingRowsAreEmpty()
    {
        // All 4 nonzeros in row 0 of 4: the split point is after row 0 and the last bound stays 4.
        var csr = new CsrMatrix(new LayerMask("w", 4, 4, [0, 1, 2, 3]), new float[4]);
        Assert.Equal([0, 1, 4], csr.Partition(2));
    }

    [Fact]
    public void PartitionInThreeBalancesByNonzeros()
    {
        // 6 rows of 2 nonzeros: targets 4 and 8 nonzeros -> rows 2 and 4.
        var nz = Enumerable.Range(0, 6).SelectMany(r => new[] { r * 4, r * 4 + 3 }).ToArray();
        var csr = new CsrMatrix(new LayerMask("w", 6, 4, nz), new float[12]);
        Assert.Equal([0, 2, 4, 6], csr.Partition(3));
        Assert.Equal([0, 6], csr.Partition(1));
    }

    [Fact]
    public void MultiplyRejectsTooSmallBuffersAndAcceptsLargerOnes()
    {
        // W = [[1, 0, 2], [0, 3, 0]], X (3 x 2) = [[1, 2], [3, 4], [5, 6]]: Y = [[11, 14], [9, 12]].
        var csr = new CsrMatrix(new LayerMask("w", 2, 3, [0, 2, 4]), [1f, 2f, 3f]);
        var part = csr.Partition(1);
        float[] x = [1, 2, 3, 4, 5, 6];
        Assert.Equal("X or Y too small", Assert.Throws<ArgumentException>(() => CsrKernel.Multiply(csr, x[..5], 2, new float[4], part)).Message);
        Assert.Equal("X or Y too small", Assert.Throws<ArgumentException>(() => CsrKernel.Multiply(csr, x, 2, new float[3], part)).Message);
        var y = new float[5];
        CsrKernel.Multiply(csr, [.. x, 99f], 2, y, part);
        Assert.Equal([11f, 14f, 9f, 12f, 0f], y);
    }
}
