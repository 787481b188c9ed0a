using Kit.Pruning;
using Microsoft.Data.Analysis;

namespace Kit.Research.WorkedExamples;

/// <summary>One weight of the toy layer through one ADMM iteration.</summary>
public sealed record AdmmWeight(int Row, int Column, double W0, double Target, double Z0, double U0, double W1, double Z1, double U1, bool KeptBefore, bool KeptAfter);

/// <summary>
/// One ADMM iteration (scaled form) on a 2 x 4 toy layer whose loss is f(W) = 1/2 ||W - T||^2 (T: what the data would like
/// the weights to be), with the kit's own projection onto "keep <see cref="Keep"/> weights" (irregular pruning set):
/// start Z0 = Proj(W0), U0 = 0; W-step: one gradient step of size lr on f(W) + rho/2 ||W - Z0 + U0||^2; Z-step: Z1 = Proj(W1 + U0);
/// U-step: U1 = U0 + W1 - Z1. The defaults make the support change: the data pull a pruned weight up past a kept one.
/// </summary>
public sealed record AdmmStepExample(int Rows, int Columns, int Keep, double Lr, double Rho, List<AdmmWeight> Weights,
    double PrimalResidual, double DualResidual)
{
    public static readonly double[] DefaultW0 = [0.9, -0.1, 0.4, 0.05, -0.6, 0.2, -0.05, 0.35];
    public static readonly double[] DefaultTarget = [1.0, -0.2, 0.1, 0.1, -0.5, 0.3, 0.0, 0.9];

    public static AdmmStepExample Compute(double lr = 0.5, double rho = 1.0, int keep = 3, double[]? w0 = null, double[]? target = null)
    {
        w0 ??= DefaultW0; target ??= DefaultTarget;
        const int rows = 2, columns = 4;
        if (w0.Length != rows * columns || target.Length != rows * columns) throw new KitException($"ADMM example: W0 and T need {rows * columns} values each");
        var scheme = PruningSchemes.Irregular;
        var set = scheme.Build(new PruningSetSpec { Scheme = scheme, Keep = keep }, new LayerGeometry(rows, columns), "ADMM example");
        double[] Project(double[] v)
        {
            var support = set.Support(v.Select(x => (float)x).ToArray());
            return v.Select((x, i) => support[i] ? x : 0).ToArray();
        }
        var z0 = Project(w0);
        var u0 = new double[w0.Length];
        // W-step: gradient of f is (W - T); gradient of the ADMM term is rho (W - Z + U).
        var w1 = w0.Select((w, i) => w - lr * ((w - target[i]) + rho * (w - z0[i] + u0[i]))).ToArray();
        var z1 = Project(w1.Select((w, i) => w + u0[i]).ToArray());
        var u1 = u0.Select((u, i) => u + w1[i] - z1[i]).ToArray();
        static double Norm(IEnumerable<double> v) => Math.Sqrt(v.Sum(x => x * x));
        var weights = Enumerable.Range(0, w0.Length).Select(i => new AdmmWeight(i / columns, i % columns, w0[i], target[i], z0[i], u0[i], w1[i], z1[i], u1[i],
            z0[i] != 0, z1[i] != 0)).ToList();
        return new AdmmStepExample(rows, columns, keep, lr, rho, weights,
            Norm(w1.Select((w, i) => w - z1[i])) / Norm(w1), Norm(z1.Select((z, i) => z - z0[i])));
    }

    public DataFrame Table() => ReproFrames.From(Weights);
}
