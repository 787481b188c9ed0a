using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Pruning;

[Collection("torch")]
public class MaskHookTests
{
    static readonly TrainConfig Config = new() { Lr = 0.05, Momentum = 0.9, WeightDecay = 5e-3, Epochs = 1, BatchSize = 32, Schedule = new() { Type = ScheduleType.Constant } };

    /// <summary>Masks only gradients, as a naive implementation would.</summary>
    sealed class GradOnly(MaskHook inner) : ITrainingHook
    {
        public void AfterBackward(KitModel model) => inner.AfterBackward(model);
    }

    static (KitModel model, Trainer trainer, Dictionary<string, Tensor> masks) Warm(Kit.Data.Dataset data)
    {
        var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 3);
        var trainer = new Trainer(model, Config, 3);
        trainer.TrainEpoch(data, 0, 0, 1);
        var masks = model.PrunableLayers.ToDictionary(l => l.Name, l => new IrregularSet(LayerGeometry.Of(l), (int)(l.Weights / 10)).Mask(l.Weight));
        return (model, trainer, masks);
    }

    [Fact]
    public void Pruned_weights_stay_exactly_zero_under_momentum_and_weight_decay()
    {
        using var data = TorchFixture.Synthetic(256, 1);
        var (model, trainer, masks) = Warm(data);
        using var _ = model;
        using var hook = new MaskHook();
        var before = new Dictionary<string, float[]>();
        foreach (var l in model.PrunableLayers) { hook.Prune(l, masks[l.Name]); before[l.Name] = TensorValues.ToArray(l.Weight); }
        for (int e = 1; e <= 3; e++) trainer.TrainEpoch(data, e, 0, 1, [hook]);
        foreach (var l in model.PrunableLayers)
        {
            var w = TensorValues.ToArray(l.Weight);
            var m = TensorValues.ToArray(masks[l.Name]);
            Assert.All(Enumerable.Range(0, w.Length).Where(i => m[i] == 0), i => Assert.Equal(0f, w[i]));
            Assert.Contains(Enumerable.Range(0, w.Length), i => m[i] != 0 && w[i] != before[l.Name][i]);
        }
    }

    [Fact]
    public void Masking_gradients_alone_lets_momentum_revive_pruned_weights()
    {
        using var data = TorchFixture.Synthetic(256, 1);
        var (model, trainer, masks) = Warm(data);
        using var _ = model;
        using var hook = new MaskHook();
        foreach (var l in model.PrunableLayers) hook.Prune(l, masks[l.Name]);
        trainer.TrainEpoch(data, 1, 0, 1, [new GradOnly(hook)]);
        var w = TensorValues.ToArray(model.PrunableLayers[0].Weight);
        var m = TensorValues.ToArray(masks[model.PrunableLayers[0].Name]);
        Assert.Contains(Enumerable.Range(0, w.Length), i => m[i] == 0 && w[i] != 0);
    }

    [Fact]
    public void Frozen_entries_keep_their_values()
    {
        using var data = TorchFixture.Synthetic(128, 2);
        var (model, trainer, _) = Warm(data);
        using var __ = model;
        using var hook = new MaskHook();
        var l = model.PrunableLayers[1];
        var w0 = TensorValues.ToArray(l.Weight);
        var trainable = w0.Select((_, i) => i % 2 == 0 ? 1f : 0f).ToArray();
        var values = w0.Select((_, i) => i % 2 == 0 ? 0f : 0.125f).ToArray();
        hook.Constrain(l, tensor(trainable, l.Weight.shape), tensor(values, l.Weight.shape));
        trainer.TrainEpoch(data, 1, 0, 1, [hook]);
        var w = TensorValues.ToArray(l.Weight);
        Assert.All(Enumerable.Range(0, w.Length).Where(i => i % 2 == 1), i => Assert.Equal(0.125f, w[i]));
    }

    static (KitModel model, PrunableLayer layer, float[] w0) Fresh()
    {
        var model = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 4);
        var layer = model.PrunableLayers[2];
        return (model, layer, TensorValues.ToArray(layer.Weight));
    }

    [Fact]
    public void Constraining_sets_the_frozen_values_at_once_and_leaves_trainable_weights_alone()
    {
        var (model, layer, w0) = Fresh();
        using var _ = model;
        using var hook = new MaskHook();
        // Values are given everywhere; only the frozen entries (every third) take them.
        var trainable = w0.Select((_, i) => i % 3 == 0 ? 0f : 1f).ToArray();
        using var t = tensor(trainable, layer.Weight.shape);
        using var v = full_like(layer.Weight, 0.25f);
        hook.Constrain(layer, t, v);
        var w = TensorValues.ToArray(layer.Weight);
        Assert.All(Enumerable.Range(0, w.Length), i => Assert.Equal(i % 3 == 0 ? 0.25f : w0[i], w[i]));
    }

    [Fact]
    public void After_backward_only_trainable_gradients_remain()
    {
        var (model, layer, w0) = Fresh();
        using var _ = model;
        using var hook = new MaskHook();
        var mask = w0.Select((_, i) => i % 2 == 0 ? 1f : 0f).ToArray();
        using (var m = tensor(mask, layer.Weight.shape)) hook.Prune(layer, m);
        using (var x = rand(4, 1, 28, 28))
        using (var loss = model.forward(x).square().sum())
            loss.backward();
        var g0 = TensorValues.ToArray(layer.Weight.grad!);
        Assert.Contains(Enumerable.Range(0, g0.Length), i => mask[i] == 0 && g0[i] != 0);
        hook.AfterBackward(model);
        var g = TensorValues.ToArray(layer.Weight.grad!);
        Assert.All(Enumerable.Range(0, g.Length), i => Assert.Equal(mask[i] == 0 ? 0f : g0[i], g[i]));
    }

    [Fact]
    public void Constraining_a_layer_again_replaces_and_frees_its_old_mask()
    {
        var (model, layer, w0) = Fresh();
        using var _ = model;
        using var hook = new MaskHook();
        using (var first = ones_like(layer.Weight)) hook.Prune(layer, first);
        var old = hook.Trainable(layer.Name)!;
        var second = w0.Select((_, i) => i < 10 ? 1f : 0f).ToArray();
        using (var m = tensor(second, layer.Weight.shape)) hook.Prune(layer, m);
        Assert.True(old.IsInvalid);
        Assert.Equal(second, TensorValues.ToArray(hook.Trainable(layer.Name)!));
        Assert.Equal(w0.Select((x, i) => i < 10 ? x : 0f), TensorValues.ToArray(layer.Weight));
    }

    [Fact]
    public void Dispose_frees_the_masks_and_forgets_the_layers()
    {
        var (model, layer, _) = Fresh();
        using var __ = model;
        var hook = new MaskHook();
        using (var m = ones_like(layer.Weight)) hook.Prune(layer, m);
        var trainable = hook.Trainable(layer.Name)!;
        Assert.True(hook.Has(layer.Name));
        hook.Dispose();
        Assert.True(trainable.IsInvalid);
        Assert.False(hook.Has(layer.Name));
        Assert.Null(hook.Trainable(layer.Name));
    }
}
