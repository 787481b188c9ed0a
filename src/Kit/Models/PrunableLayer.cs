using TorchSharp.Modules;

namespace Kit.Models;

/// <summary>
/// A CONV or FC weight that pruning may constrain, seen as its GEMM matrix: Rows = filters (outputs),
/// Columns = C*Kh*Kw (inputs). Biases and norm layers are never constrained.
///
/// Coupling: removing output r of this layer kills the inputs of <see cref="Consumer"/> that read it,
/// i.e. columns [r*ConsumerColumnsPerOutput, (r+1)*ConsumerColumnsPerOutput) of the consumer's GEMM view
/// (Kh*Kw for a conv consumer, H*W for an FC layer after a flatten). Consumer is null when the output
/// feeds something other than one prunable layer (a residual add, the logits); structured cost models
/// then do not claim the coupled savings.
/// </summary>
public sealed record PrunableLayer(
    string Name,
    LayerKind Kind,
    Parameter Weight,
    int Rows,
    int Columns,
    int InChannels,
    int KernelElements,
    string? Consumer,
    int ConsumerColumnsPerOutput)
{
    public long Weights => (long)Rows * Columns;

    /// <summary>The weight's own tensor shape (F x C x Kh x Kw, or out x in).</summary>
    public long[] TensorShape => Weight.shape;

    /// <summary>Input channel of a GEMM column (a column is (c, kh, kw) flattened with c slowest).</summary>
    public int ChannelOfColumn(int column) => column / KernelElements;
}

public enum LayerKind { Conv, Linear }
