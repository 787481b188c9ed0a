using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Robustness;

/// <summary>
/// d(cross-entropy)/d(input), the one quantity both attacks need. Uses autograd.grad on the input only,
/// so parameter gradients are never accumulated (an attack inside a training step must not leave
/// gradients the optimizer would then apply).
/// </summary>
internal static class InputGradient
{
    public static Tensor Of(KitModel model, Tensor x, Tensor y)
    {
        using var _ = enable_grad();
        using var scope = NewDisposeScope();
        var xi = x.detach().requires_grad_(true);
        var loss = nn.functional.cross_entropy(model.forward(xi), y, reduction: nn.Reduction.Sum);
        var g = autograd.grad([loss], [xi])[0];
        return g.detach().MoveToOuterDisposeScope();
    }
}
