using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Pruning;

/// <summary>
/// Keeps constrained weights fixed during training: per layer a 0/1 <c>trainable</c> mask and the values
/// the other entries must hold (0 for pruned weights, a quantization level for frozen ones).
/// TorchSharp has no gradient hooks, so gradients are masked between backward() and step(), and the fixed
/// values are written back after step(): SGD momentum built up before masking and weight decay would
/// otherwise move (revive) them. Pruned weights therefore stay exactly 0.
/// </summary>
internal sealed class MaskHook : ITrainingHook, IDisposable
{
    sealed record Entry(PrunableLayer Layer, Tensor Trainable, Tensor Fixed);

    readonly Dictionary<string, Entry> entries = new();

    /// <summary>Weights outside <paramref name="mask"/> are held at 0.</summary>
    public void Prune(PrunableLayer layer, Tensor mask)
    {
        using var zeros = zeros_like(mask);
        Constrain(layer, mask, zeros);
    }

    /// <summary>Entries where <paramref name="trainable"/> is 0 are held at <paramref name="values"/>.</summary>
    public void Constrain(PrunableLayer layer, Tensor trainable, Tensor values)
    {
        if (entries.Remove(layer.Name, out var old)) { old.Trainable.Dispose(); old.Fixed.Dispose(); }
        Tensor t, f;
        // The scope holds the chains' temporaries, and logical_not stands in for 1 - t, whose Scalar 1 no scope holds
        // (README, "Tensor lifetime"); the two kept tensors leave it.
        using (var scope = NewDisposeScope())
        {
            t = trainable.detach().to(ScalarType.Float32).reshape(layer.Weight.shape).clone().MoveToOuterDisposeScope();
            f = (values.detach().to(ScalarType.Float32).reshape(layer.Weight.shape) * t.logical_not().to(ScalarType.Float32)).detach().MoveToOuterDisposeScope();
        }
        entries[layer.Name] = new Entry(layer, t, f);
        Apply(entries[layer.Name]);
    }

    public bool Has(string layer) => entries.ContainsKey(layer);

    public Tensor? Trainable(string layer) => entries.TryGetValue(layer, out var e) ? e.Trainable : null;

    public void AfterBackward(KitModel model)
    {
        // grad and mul_ return fresh wrappers: the scope keeps them alive and frees them (README, "Tensor lifetime").
        using var scope = NewDisposeScope();
        foreach (var e in entries.Values)
            e.Layer.Weight.grad?.mul_(e.Trainable);
    }

    public void AfterStep(KitModel model)
    {
        foreach (var e in entries.Values) Apply(e);
    }

    static void Apply(Entry e)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        e.Layer.Weight.mul_(e.Trainable).add_(e.Fixed, TorchScalars.One);
    }

    public void Dispose()
    {
        foreach (var e in entries.Values) { e.Trainable.Dispose(); e.Fixed.Dispose(); }
        entries.Clear();
    }
}
