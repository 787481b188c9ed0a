using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Robustness;

/// <summary>
/// Projected gradient descent on the L-infinity ball (Madry et al.): optional uniform random start in the
/// ball, then steps of step_size along sign(grad), each followed by projection onto the ball around the
/// clean input and onto [0,1]. The result is therefore always a valid image within eps of x.
/// </summary>
internal static class Pgd
{
    public static Tensor Perturb(KitModel model, Tensor x, Tensor y, double eps, int steps, double stepSize, bool randomStart, Generator? generator = null)
    {
        if (!(eps >= 0)) throw new KitException($"eps must be >= 0, got {eps}");
        if (steps < 0) throw new KitException($"steps must be >= 0, got {steps}");
        using var scope = NewDisposeScope();
        var clean = x.detach();
        var lo = (clean - eps).clamp_min(0);
        var hi = (clean + eps).clamp_max(1);
        var adv = clean.clone();
        if (randomStart && eps > 0)
        {
            var noise = rand(clean.shape, dtype: clean.dtype, generator: generator) * (2 * eps) - eps;
            adv = (clean + noise).clamp(lo, hi);
        }
        for (int s = 0; s < steps; s++)
        {
            using var stepScope = NewDisposeScope();
            var g = InputGradient.Of(model, adv, y);
            var next = (adv + stepSize * g.sign()).clamp(lo, hi).detach();
            adv = next.MoveToOuterDisposeScope();
        }
        return adv.MoveToOuterDisposeScope();
    }
}
