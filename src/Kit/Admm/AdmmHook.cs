using TorchSharp;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Admm;

/// <summary>The W-step's augmented term sum_i rho_i / 2 * ||W_i - Z_i + U_i||^2, added to the loss each batch.</summary>
internal sealed class AdmmHook(IReadOnlyList<AdmmLayer> layers) : ITrainingHook
{
    public Tensor? ExtraLoss(KitModel model)
    {
        Tensor? total = null;
        foreach (var l in layers)
        {
            // A named Scalar: TorchSharp does not keep an implicit one alive through the native call (README, "Tensor lifetime").
            using var halfRho = (l.Rho / 2).ToScalar();
            var term = l.Layer.Weight.sub(l.Z).add_(l.U, TorchScalars.One).square().sum().mul(halfRho);
            total = total is null ? term : total.add(term, TorchScalars.One);
        }
        return total;
    }
}
