using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Admm;

/// <summary>
/// ADMM state of one constrained layer: the projection onto its set, Z (the constrained copy), the scaled
/// dual U and its rho.
/// </summary>
public sealed class AdmmLayer : IDisposable
{
    public AdmmLayer(PrunableLayer layer, Func<Tensor, Tensor> project, double rho)
    {
        Layer = layer;
        Project = project;
        Rho = rho;
        using var _ = no_grad();
        Z = project(layer.Weight.detach());
        U = zeros_like(Z);
    }

    public PrunableLayer Layer { get; }
    public Func<Tensor, Tensor> Project { get; }
    public Tensor Z { get; private set; }
    public Tensor U { get; private set; }
    public double Rho { get; set; }

    /// <summary>Z = Proj(W + U); U += W - Z. Returns (primal ||W-Z||/||W||, dual ||Z - Z_prev||).</summary>
    public (double primal, double dual) Step()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var w = Layer.Weight.detach();
        var z = Project(w + U).MoveToOuterDisposeScope();
        double dual = (z - Z).norm().item<float>();
        var u = (U + w - z).MoveToOuterDisposeScope();
        double wn = w.norm().item<float>();
        double primal = (w - z).norm().item<float>() / Math.Max(wn, 1e-30);
        Z.Dispose(); U.Dispose();
        Z = z; U = u;
        return (primal, dual);
    }

    public void ScaleDual(double factor)
    {
        using var _ = no_grad();
        U.mul_(factor);
    }

    public double PrimalResidual()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var w = Layer.Weight.detach();
        return (w - Z).norm().item<float>() / Math.Max(w.norm().item<float>(), 1e-30);
    }

    public void Dispose() { Z.Dispose(); U.Dispose(); }
}
