using Kit.Models;

namespace Kit.Pruning;

/// <summary>
/// The GEMM view of a weight: Rows (filters / output neurons) x Columns (C*Kh*Kw / input features),
/// row-major, with a column's input channel = column / KernelElements. All pruning sets and quantizers
/// work on this flat layout, so they need no torch and can be checked by brute force.
/// </summary>
public sealed record LayerGeometry(int Rows, int Columns, int KernelElements = 1)
{
    public int Channels => Columns / KernelElements;
    public int Count => Rows * Columns;

    public static LayerGeometry Of(PrunableLayer layer) => new(layer.Rows, layer.Columns, layer.KernelElements);

    public void Check(int length, string what)
    {
        if (Rows < 1 || Columns < 1 || KernelElements < 1 || Columns % KernelElements != 0)
            throw new KitException($"{what}: invalid geometry {Rows}x{Columns} (kernel {KernelElements})");
        if (length != Count)
            throw new KitException($"{what}: expected {Rows}x{Columns} = {Count} weights, got {length}");
    }
}
