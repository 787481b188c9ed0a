using System.Text.Json.Serialization;

namespace Kit.Pruning;

/// <summary>
/// The paper's verdict compares non-structured pruning (single weights) with structured pruning (whole filters,
/// channels or columns: dense GEMMs on smaller shapes). N:M, the pattern today's sparse tensor cores run and the paper
/// predates, is neither: it is reported beside both, never counted as either side.
/// </summary>
public enum SchemeStructure { NonStructured, Structured, SemiStructured }

/// <summary>
/// What a pruning unit is (method notes, section 1), as one registered type per structure. A scheme knows
/// its JSON name, how a kept-weight budget or per-layer fractions become a
/// <see cref="PruningSetSpec"/>, how many weights such a spec keeps, the projection set it builds and how to
/// describe it. <see cref="PruningSchemes"/> finds every concrete subclass of this assembly, so a new
/// structure is one new file; nothing else switches on the scheme.
/// </summary>
[JsonConverter(typeof(PruningSchemeJsonConverter))]
public abstract class PruningScheme
{
    /// <summary>The name specs and results use ("irregular", "filter_column", "2:4").</summary>
    public abstract string Name { get; }

    /// <summary>One line for spec descriptions, e.g. "irregular (non-structured)".</summary>
    public abstract string Description { get; }

    /// <summary>Which side of the paper's comparison the scheme is on (most schemes remove whole rows or columns).</summary>
    public virtual SchemeStructure Structure => SchemeStructure.Structured;

    /// <summary>Whether a rate's kept-weight budget is spread over the layers (<see cref="KeepAllocation"/>); false when the pattern fixes each layer's density.</summary>
    public virtual bool SpreadsBudget => true;

    /// <summary>The <see cref="LayerKeep"/> fields a per-layer override of this scheme must give.</summary>
    public abstract IReadOnlyList<string> FractionFields { get; }

    /// <summary>The spec that keeps every weight of the layer.</summary>
    public abstract PruningSetSpec Dense(LayerGeometry g);

    /// <summary>The spec for explicit kept fractions (already validated by <see cref="ValidateFractions"/>).</summary>
    public abstract PruningSetSpec FromFractions(LayerKeep keep, LayerGeometry g);

    /// <summary>The spec whose kept weights come closest to <paramref name="budget"/>.</summary>
    public abstract PruningSetSpec FromBudget(double budget, LayerGeometry g, bool isLast);

    /// <summary>A layer this scheme fixes before the budget is spread (null: the layer takes part in the allocation).</summary>
    public virtual PruningSetSpec? Fixed(LayerGeometry g, bool isLast) => null;

    /// <summary>Weights inside the support of a set built from <paramref name="spec"/>.</summary>
    public abstract long KeptWeights(PruningSetSpec spec, LayerGeometry g);

    /// <summary>The projection set of <paramref name="spec"/>; missing counts are errors naming <paramref name="where"/>.</summary>
    public abstract IPruningSet Build(PruningSetSpec spec, LayerGeometry g, string where);

    /// <summary>What the spec keeps, for logs: e.g. "rows 12/20 x columns 100/500".</summary>
    public abstract string Describe(PruningSetSpec spec, LayerGeometry g);

    public virtual void ValidateFractions(LayerKeep keep, string where)
    {
        foreach (var field in FractionFields)
            if (keep.Fraction(field) is null) throw new KitException($"{where}.{field} is required for scheme {Name}");
    }

    public override string ToString() => Name;

    protected static int Need(int? v, string field, string where) =>
        v ?? throw new KitException($"{where}.{field} is required for this scheme");

    /// <summary>round(budget / unit size) units, at least 1 and at most all of them.</summary>
    protected static int UnitsFor(double budget, double perUnit, int units) => Math.Clamp((int)Math.Round(budget / perUnit), 1, units);
}
