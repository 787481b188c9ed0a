namespace Kit.Pruning;

/// <summary>Non-structured pruning: keep the <c>Keep</c> weights of largest magnitude.</summary>
internal sealed class IrregularSet : IPruningSet
{
    public IrregularSet(LayerGeometry geometry, int keep)
    {
        if (keep < 0 || keep > geometry.Count) throw new KitException($"irregular: keep must be in 0..{geometry.Count}, got {keep}");
        Geometry = geometry;
        Keep = keep;
    }

    public LayerGeometry Geometry { get; }
    public int Keep { get; }
    public PruningSetSpec Spec => new() { Scheme = PruningSchemes.Get("irregular"), Keep = Keep };

    public bool[] Support(ReadOnlySpan<float> w)
    {
        var scores = new double[w.Length];
        for (int i = 0; i < w.Length; i++) scores[i] = Math.Abs(w[i]);
        return TopK.Select(scores, Keep);
    }
}

/// <summary>Single weights (non-structured).</summary>
internal sealed class IrregularScheme : PruningScheme
{
    public override string Name => "irregular";
    public override string Description => "irregular (non-structured)";
    public override SchemeStructure Structure => SchemeStructure.NonStructured;
    public override IReadOnlyList<string> FractionFields => ["weights"];
    public override PruningSetSpec Dense(LayerGeometry g) => new() { Scheme = this, Keep = g.Count };
    public override PruningSetSpec FromFractions(LayerKeep k, LayerGeometry g) => new() { Scheme = this, Keep = LayerKeep.Count(k.Weights!.Value, g.Count) };
    public override PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast) => new() { Scheme = this, Keep = UnitsFor(budget, 1, g.Count) };
    public override long KeptWeights(PruningSetSpec s, LayerGeometry g) => s.Keep ?? g.Count;
    public override IPruningSet Build(PruningSetSpec s, LayerGeometry g, string where) => new IrregularSet(g, Need(s.Keep, "keep", where));
    public override string Describe(PruningSetSpec s, LayerGeometry g) => $"keep {s.Keep}/{g.Count}";
}
