using TorchSharp;

namespace Kit;

/// <summary>
/// Scalars that live for the whole process. TorchSharp makes a <see cref="Scalar"/> for every implicit number (and
/// a 1 for every <c>a.add_(b)</c>) and does not keep it alive through the native call, so a collection in that window
/// can free it while libtorch reads it (README, "Tensor lifetime"). Per-batch code passes these instead.
/// </summary>
internal static class TorchScalars
{
    public static readonly Scalar One = 1.ToScalar();
}
