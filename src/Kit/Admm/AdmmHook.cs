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
            var term = (l.Layer.Weight - l.Z + l.U).square().sum().mul(l.Rho / 2);
            total = total is null ? term : total + term;
        }
        return total;
    }
}
