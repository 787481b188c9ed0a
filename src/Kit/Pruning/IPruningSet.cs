using static TorchSharp.torch;

namespace Kit.Pruning;

/// <summary>
/// A pruning constraint set S ("keep at most a units") of one layer. Every set here is a union of
/// coordinate subspaces, so the Euclidean projection keeps W on the best support and zeroes the rest;
/// <see cref="Mask"/> is that support (1 = kept). Both work on any tensor with the layer's element count.
/// </summary>
public interface IPruningSet
{
    LayerGeometry Geometry { get; }

    /// <summary>The kept support of the nearest point of S, row-major over the GEMM view.</summary>
    bool[] Support(ReadOnlySpan<float> w);

    /// <summary>The spec that rebuilds this set.</summary>
    PruningSetSpec Spec { get; }
}

internal static class PruningSetExtensions
{
    /// <summary>Nearest point of S to <paramref name="w"/> (same shape, float32, no gradient).</summary>
    public static Tensor Project(this IPruningSet set, Tensor w) => PruningTensors.Apply(set, w, project: true);

    /// <summary>0/1 float mask of the support of Project(w).</summary>
    public static Tensor Mask(this IPruningSet set, Tensor w) => PruningTensors.Apply(set, w, project: false);
}

/// <summary>The torch side of the sets: flat float arrays in, tensors of the input's shape out.</summary>
internal static class PruningTensors
{
    public static Tensor Apply(IPruningSet set, Tensor w, bool project)
    {
        var values = TensorValues.ToArray(w);
        set.Geometry.Check(values.Length, set.Spec.Scheme.Name);
        var keep = set.Support(values);
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            if (keep[i]) result[i] = project ? values[i] : 1f;
        return tensor(result, w.shape, device: w.device);
    }

    public static float[] ApplySupport(ReadOnlySpan<float> w, bool[] keep)
    {
        var r = new float[w.Length];
        for (int i = 0; i < w.Length; i++) if (keep[i]) r[i] = w[i];
        return r;
    }

    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; s += d * d; }
        return s;
    }
}
