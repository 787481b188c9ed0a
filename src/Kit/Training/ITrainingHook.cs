using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Training;

/// <summary>
/// Extension points of the training step, so that ADMM (an extra loss term), masked retraining (masking
/// gradients and re-applying masks) and adversarial training (perturbing inputs) reuse one loop.
/// TorchSharp has no tensor gradient hooks, hence explicit calls between backward() and step().
/// </summary>
public interface ITrainingHook
{
    /// <summary>Replaces the batch inputs (e.g. adversarial examples). Default: unchanged.</summary>
    Tensor TransformInputs(KitModel model, Tensor x, Tensor y) => x;

    /// <summary>A term added to the loss before backward (e.g. the ADMM proximal term), or null.</summary>
    Tensor? ExtraLoss(KitModel model) => null;

    /// <summary>Called after backward(), before the optimizer step (e.g. zero the gradients of pruned weights).</summary>
    void AfterBackward(KitModel model) { }

    /// <summary>Called after the optimizer step (e.g. re-apply masks that momentum and weight decay would revive).</summary>
    void AfterStep(KitModel model) { }
}
