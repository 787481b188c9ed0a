using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// Base of every kit model: inputs are pixels in [0,1]; normalization is the first layer, so attacks
/// use epsilons in pixel units and the data pipeline stays model-agnostic.
/// </summary>
public abstract class KitModel : nn.Module<Tensor, Tensor>
{
    protected KitModel(string name) : base(name) { }

    /// <summary>Registry name the model was created under.</summary>
    public abstract string Architecture { get; }

    /// <summary>CONV/FC weights in forward order, with their GEMM views and coupling.</summary>
    public abstract IReadOnlyList<PrunableLayer> PrunableLayers { get; }

    public PrunableLayer Layer(string name) => PrunableLayers.FirstOrDefault(l => l.Name == name)
        ?? throw new KitException($"model {Architecture} has no prunable layer '{name}' (layers: {string.Join(", ", PrunableLayers.Select(l => l.Name))})");

    public long PrunableWeights => PrunableLayers.Sum(l => l.Weights);

    protected static PrunableLayer Describe(string name, Conv2d conv, string? consumer, int consumerColumnsPerOutput)
    {
        var s = conv.weight!.shape;
        int k = (int)(s[2] * s[3]);
        return new PrunableLayer(name, LayerKind.Conv, conv.weight!, (int)s[0], (int)(s[1] * k), (int)s[1], k, consumer, consumerColumnsPerOutput);
    }

    protected static PrunableLayer Describe(string name, Linear fc, string? consumer, int consumerColumnsPerOutput = 1)
    {
        var s = fc.weight!.shape;
        return new PrunableLayer(name, LayerKind.Linear, fc.weight!, (int)s[0], (int)s[1], (int)s[1], 1, consumer, consumerColumnsPerOutput);
    }
}

/// <summary>(x - mean) / std per channel, as fixed buffers.</summary>
internal sealed class Normalize : nn.Module<Tensor, Tensor>
{
    readonly Tensor mean, std;

    public Normalize(float[] mean, float[] std) : base(nameof(Normalize))
    {
        // Named locals keep the source tensors alive through reshape (README, "Tensor lifetime").
        using var m = tensor(mean);
        using var s = tensor(std);
        this.mean = m.reshape(1, mean.Length, 1, 1);
        this.std = s.reshape(1, std.Length, 1, 1);
        register_buffer("mean", this.mean, persistent: false);
        register_buffer("std", this.std, persistent: false);
    }

    public override Tensor forward(Tensor x) => (x - mean) / std;
}
