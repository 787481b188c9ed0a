using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Robustness;

/// <summary>Fast gradient sign method (Goodfellow et al.): one step of eps along sign(grad), clamped to [0,1].</summary>
internal static class Fgsm
{
    public static Tensor Perturb(KitModel model, Tensor x, Tensor y, double eps)
    {
        if (!(eps >= 0)) throw new KitException($"eps must be >= 0, got {eps}");
        using var scope = NewDisposeScope();
        var g = InputGradient.Of(model, x, y);
        return (x.detach() + eps * g.sign()).clamp(0, 1).detach().MoveToOuterDisposeScope();
    }
}
