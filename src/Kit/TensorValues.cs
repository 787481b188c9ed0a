using static TorchSharp.torch;

namespace Kit;

/// <summary>A tensor's values as a flat float32 array: the form the pruning sets, quantizers and cost models work on.</summary>
internal static class TensorValues
{
    public static float[] ToArray(Tensor w)
    {
        using var scope = NewDisposeScope();
        var c = w.detach().to(ScalarType.Float32).cpu().contiguous();
        return c.data<float>().ToArray();
    }
}
