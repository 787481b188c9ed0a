using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Robustness;

/// <summary>
/// Madry-style adversarial training through the trainer's input hook: each batch is replaced by its PGD
/// examples against the current weights. The attack runs in eval mode (no batch-norm statistics updates
/// from adversarial search steps) and computes input gradients only, so the optimizer sees just the
/// gradient of the loss on the adversarial batch. Combined with AdmmHook it is concurrent adversarial ADMM.
/// </summary>
internal sealed class AdversarialTrainingHook(AttackConfig attack, long seed) : ITrainingHook, IStatefulHook, IDisposable
{
    readonly Generator generator = new((ulong)seed);

    public AttackConfig Attack { get; } = Validated(attack);

    static AttackConfig Validated(AttackConfig a) { a.Validate("adversarial"); return a; }

    public Tensor TransformInputs(KitModel model, Tensor x, Tensor y)
    {
        bool wasTraining = model.training;
        model.eval();
        try { return Attack.Apply(model, x, y, generator); }
        finally { model.train(wasTraining); }
    }

    /// <summary>The random-start generator advances every batch, so a resumed run must continue from its saved state.</summary>
    public byte[] SaveState()
    {
        using var t = generator.get_state();
        return t.data<byte>().ToArray();
    }

    public void LoadState(byte[] state)
    {
        using var t = tensor(state, ScalarType.Byte);
        generator.set_state(t);
    }

    public void Dispose() => generator.Dispose();
}
