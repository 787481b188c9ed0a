using Kit.Admm;
using Kit.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Tests.Admm;

/// <summary>
/// One Z/U step and the W-step's augmented term, checked against values worked out by hand with the projection
/// onto the non-negative orthant (Proj(x) = max(x, 0)): small enough to follow on paper, nonlinear enough that
/// Proj(W + U) differs from Proj(W).
/// </summary>
[Collection("torch")]
public class AdmmLayerTests
{
    static Tensor NonNegative(Tensor t) => t.clamp_min(0);

    static (PrunableLayer layer, Parameter p) Layer(string name, float[] w)
    {
        var p = new Parameter(tensor(w, [2, 2]));
        return (new PrunableLayer(name, LayerKind.Linear, p, 2, 2, 2, 1, null, 1), p);
    }

    static void Set(Parameter p, float[] w)
    {
        using var _ = no_grad();
        p.copy_(tensor(w, [2, 2]));
    }

    [Fact]
    public void Starts_at_z_equal_the_projection_of_w_and_a_zero_dual()
    {
        var (layer, _) = Layer("fc", [1, -2, 3, -4]);
        using var admm = new AdmmLayer(layer, NonNegative, 0.25);
        Assert.Equal([1f, 0, 3, 0], TensorValues.ToArray(admm.Z));
        Assert.Equal([0f, 0, 0, 0], TensorValues.ToArray(admm.U));
        Assert.Equal(0.25, admm.Rho);
        Assert.Same(layer, admm.Layer);
        Assert.Equal(Math.Sqrt(20) / Math.Sqrt(30), admm.PrimalResidual(), 6);
    }

    [Fact]
    public void Step_sets_z_to_the_projection_of_w_plus_u_and_adds_w_minus_z_to_u()
    {
        var (layer, p) = Layer("fc", [1, -2, 3, -4]);
        using var admm = new AdmmLayer(layer, NonNegative, 0.5);

        // W unchanged: Z stays, U takes the part of W outside the set.
        var (primal, dual) = admm.Step();
        Assert.Equal([1f, 0, 3, 0], TensorValues.ToArray(admm.Z));
        Assert.Equal([0f, -2, 0, -4], TensorValues.ToArray(admm.U));
        Assert.Equal(0, dual, 6);
        Assert.Equal(Math.Sqrt(20) / Math.Sqrt(30), primal, 6);

        // W moves: W + U = [2, -1, -1, -4] projects to [2, 0, 0, 0].
        Set(p, [2, 1, -1, 0]);
        (primal, dual) = admm.Step();
        Assert.Equal([2f, 0, 0, 0], TensorValues.ToArray(admm.Z));
        Assert.Equal([0f, -1, -1, -4], TensorValues.ToArray(admm.U));
        Assert.Equal(Math.Sqrt(10), dual, 5);                   // ||[2,0,0,0] - [1,0,3,0]||
        Assert.Equal(Math.Sqrt(2) / Math.Sqrt(6), primal, 6);   // ||W - Z|| / ||W||
        Assert.Equal(primal, admm.PrimalResidual(), 6);
        Assert.Equal(0.5, admm.Rho);                            // rho is the runner's business
    }

    [Fact]
    public void Step_frees_the_z_and_u_it_replaces_and_dispose_frees_the_current_ones()
    {
        // Z and U are native tensors: a step that kept the old ones alive would leak two weight-sized tensors per
        // layer and step, unseen by the garbage collector.
        var (layer, _) = Layer("fc", [1, -2, 3, -4]);
        var admm = new AdmmLayer(layer, NonNegative, 1);
        var (z0, u0) = (admm.Z, admm.U);
        admm.Step();
        Assert.True(z0.IsInvalid && u0.IsInvalid);
        var (z1, u1) = (admm.Z, admm.U);
        Assert.False(z1.IsInvalid || u1.IsInvalid);
        admm.Dispose();
        Assert.True(z1.IsInvalid && u1.IsInvalid);
    }

    [Fact]
    public void A_zero_weight_has_primal_residual_zero_not_nan()
    {
        var (layer, _) = Layer("fc", [0, 0, 0, 0]);
        using var admm = new AdmmLayer(layer, NonNegative, 1);
        Assert.Equal(0, admm.PrimalResidual());
        Assert.Equal(0, admm.Step().primal);
    }

    [Fact]
    public void ScaleDual_multiplies_u()
    {
        var (layer, _) = Layer("fc", [1, -2, 3, -4]);
        using var admm = new AdmmLayer(layer, NonNegative, 1);
        admm.Step();
        admm.ScaleDual(0.25);
        Assert.Equal([0f, -0.5f, 0, -1], TensorValues.ToArray(admm.U));
    }

    [Fact]
    public void Hook_adds_half_rho_times_the_squared_distance_of_w_to_z_minus_u_summed_over_layers()
    {
        var (a, pa) = Layer("a", [1, -2, 3, -4]);
        var (b, _) = Layer("b", [-1, 1, 1, 1]);
        using var la = new AdmmLayer(a, NonNegative, 0.5);
        using var lb = new AdmmLayer(b, NonNegative, 3);
        var hook = new AdmmHook([la, lb]);
        // U = 0: 0.5/2 * (4 + 16) + 3/2 * 1
        Assert.Equal(0.25 * 20 + 1.5 * 1, hook.ExtraLoss(null!)!.item<float>(), 5);

        la.Step();                       // U_a = [0, -2, 0, -4], Z_a = [1, 0, 3, 0]
        Set(pa, [2, 1, -1, 0]);          // W - Z + U = [1, -1, -4, -4]
        Assert.Equal(0.25 * 34 + 1.5 * 1, hook.ExtraLoss(null!)!.item<float>(), 5);

        // The term is differentiable in W: d/dW = rho (W - Z + U).
        var (c, pc) = Layer("c", [1, -2, 3, -4]);
        using var lc = new AdmmLayer(c, NonNegative, 2);
        new AdmmHook([lc]).ExtraLoss(null!)!.backward();
        Assert.Equal([0f, -4, 0, -8], TensorValues.ToArray(pc.grad!));
    }

    [Fact]
    public void Hook_without_layers_adds_nothing() => Assert.Null(new AdmmHook([]).ExtraLoss(null!));
}
