using static TorchSharp.torch;

namespace Kit.Quantization;

/// <summary>
/// The weights that keep a snapped layer's codes and let each level table (the layer's one, or each row's) move by one
/// non-negative factor: {t_g * q_g : t_g >= 0} per group g, with q the snapped weights. Training under this projection
/// (projected SGD after the snap) learns the scales while every sign, every code and every pruned zero stays as
/// snapped, so the model keeps its bit width and its storage format. Nearest point per group: t_g = max(0, &lt;w_g, q_g&gt; /
/// |q_g|^2), the projection onto a ray; a group whose q_g is all zero stays zero.
/// <para>The projected step moves t_g by the mean of the group's gradient along q_g, n_g times less than the gradient of
/// t_g itself, and in two retraining epochs it barely moved LeNet-5's binary scales. <see cref="StepInPlace"/>
/// takes sqrt(n_g) times the projected step (n_g the group's kept weights), for a binary table exactly LSQ's gradient
/// scale 1/sqrt(n_g) on the scale's full gradient (Esser et al., Learned Step Size Quantization, 2020).</para>
/// </summary>
public sealed class LevelScaleProjection : IDisposable
{
    readonly Tensor pattern;
    readonly Tensor norm2;
    readonly Tensor gain;
    readonly long groups;

    /// <param name="snapped">The layer's snapped weights (rows first: a conv filter or an fc neuron per row).</param>
    public LevelScaleProjection(Tensor snapped, QuantGranularity granularity)
    {
        groups = granularity == QuantGranularity.Filter ? snapped.shape[0] : 1;
        using var scope = NewDisposeScope();
        pattern = snapped.detach().to(ScalarType.Float32).reshape(groups, -1).clone().MoveToOuterDisposeScope();
        norm2 = pattern.square().sum(1, keepdim: true).MoveToOuterDisposeScope();
        gain = pattern.ne(0).sum(1, keepdim: true).to(ScalarType.Float32).sqrt().MoveToOuterDisposeScope();
    }

    /// <summary>Per group: whether it holds a kept (nonzero) snapped weight.</summary>
    public bool[] Kept => [.. TensorValues.ToArray(norm2).Select(v => v > 0)];

    /// <summary>The factor t_g of each group for weights <paramref name="w"/> (the nearest point's scales).</summary>
    public float[] Factors(Tensor w)
    {
        using var scope = NewDisposeScope();
        return TensorValues.ToArray(FactorsOf(w));
    }

    /// <summary>
    /// One scale step: <paramref name="w"/> has just taken an optimizer step from the point of the set with factors
    /// <paramref name="before"/> (<see cref="FactorsTensor"/> of the weights before it); each factor moves sqrt(n_g)
    /// times as far as the projection would move it, kept >= 0, and <paramref name="w"/> becomes that point of the set.
    /// From <paramref name="w"/>'s own factors the step is the projection: the nearest point of the set.
    /// </summary>
    public void StepInPlace(Tensor w, Tensor before)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var t = (before + gain * (FactorsOf(w) - before)).clamp_min(0);
        w.copy_((t * pattern).reshape(w.shape));
    }

    /// <summary>The factors of <paramref name="w"/> as a [groups, 1] tensor (the caller disposes it).</summary>
    public Tensor FactorsTensor(Tensor w)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return FactorsOf(w).MoveToOuterDisposeScope();
    }

    Tensor FactorsOf(Tensor w)
    {
        var dot = (w.detach().to(ScalarType.Float32).reshape(groups, -1) * pattern).sum(1, keepdim: true);
        // Groups without a kept weight have |q_g|^2 = 0: their factor is 0 (their weights are 0 either way).
        var safe = norm2.clamp_min(1e-30);
        return (dot / safe).clamp_min(0).where(norm2.gt(0), zeros_like(dot));
    }

    public void Dispose() { pattern.Dispose(); norm2.Dispose(); gain.Dispose(); }
}
