namespace Kit.Pruning;

/// <summary>
/// N:M semi-structured sparsity, the form current GPUs accelerate (2:4 on NVIDIA Ampere and later): each row
/// of the GEMM view is cut into groups of M consecutive weights, and each group keeps at most N. The set is a
/// product of per-group sets, so the exact projection keeps the N largest |w| of every group on its own
/// (ties: lower index). A row whose length is not a multiple of M ends in a shorter group that keeps
/// min(N, its length): what zero-padding the row to a multiple of M would keep.
/// </summary>
internal sealed class NmSet : IPruningSet
{
    public NmSet(LayerGeometry geometry, NmScheme scheme)
    {
        Geometry = geometry;
        Scheme = scheme;
    }

    public LayerGeometry Geometry { get; }
    public NmScheme Scheme { get; }
    public PruningSetSpec Spec => new() { Scheme = Scheme };

    public bool[] Support(ReadOnlySpan<float> w)
    {
        var keep = new bool[w.Length];
        int cols = Geometry.Columns, m = Scheme.M;
        var scores = new double[m];
        for (int r = 0; r < Geometry.Rows; r++)
            for (int start = 0; start < cols; start += m)
            {
                int size = Math.Min(m, cols - start), at = r * cols + start;
                for (int j = 0; j < size; j++) scores[j] = Math.Abs(w[at + j]);
                var kept = TopK.Select(scores.AsSpan(0, size), Math.Min(Scheme.N, size));
                for (int j = 0; j < size; j++) keep[at + j] = kept[j];
            }
        return keep;
    }
}

/// <summary>
/// The N:M schemes, named "N:M" in specs (`"scheme": "2:4"`). The pattern fixes each layer's density at
/// about N/M, so a step's `rate` only switches pruning on: every layer the step prunes keeps N of every M
/// (achieved rate about M/N, reported as measured) and per-layer fractions do not apply.
/// A new ratio is one more two-line class below.
/// </summary>
internal abstract class NmScheme(int n, int m) : PruningScheme
{
    public int N { get; } = n is >= 1 && n < m ? n : throw new ArgumentOutOfRangeException(nameof(n), $"N:M needs 1 <= N < M, got {n}:{m}");
    public int M { get; } = m;

    public override string Name => $"{N}:{M}";
    public override string Description => $"{N}:{M} (semi-structured)";
    public override SchemeStructure Structure => SchemeStructure.SemiStructured;
    public override IReadOnlyList<string> FractionFields => [];
    public override bool SpreadsBudget => false;

    public override void ValidateFractions(LayerKeep keep, string where) =>
        throw new KitException($"{where}: scheme {Name} keeps {N} of every {M} weights in every pruned layer; per-layer fractions do not apply");

    /// <summary>Unreachable through a validated spec (N:M steps need a rate); kept whole as the irregular set that keeps everything.</summary>
    public override PruningSetSpec Dense(LayerGeometry g) => PruningSchemes.Irregular.Dense(g);
    public override PruningSetSpec FromFractions(LayerKeep keep, LayerGeometry g) => throw new KitException($"scheme {Name} has no per-layer fractions");
    public override PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast) => new() { Scheme = this };

    /// <summary>Kept weights of one row of <paramref name="columns"/> weights: N per full group, min(N, rest) for the last.</summary>
    public long KeptPerRow(int columns) => (long)(columns / M) * N + Math.Min(N, columns % M);

    public override long KeptWeights(PruningSetSpec s, LayerGeometry g) => g.Rows * KeptPerRow(g.Columns);
    public override IPruningSet Build(PruningSetSpec s, LayerGeometry g, string where) => new NmSet(g, this);
    public override string Describe(PruningSetSpec s, LayerGeometry g) => $"{Name}: keep {KeptWeights(s, g)}/{g.Count}";
}

internal sealed class TwoFourScheme() : NmScheme(2, 4) { }

internal sealed class OneFourScheme() : NmScheme(1, 4) { }
