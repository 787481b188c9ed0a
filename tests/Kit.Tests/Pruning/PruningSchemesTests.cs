using Kit.Experiments;
using Kit.IO;
using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>What every registered scheme must satisfy, so a new scheme file is checked without new test code.</summary>
public class PruningSchemesTests
{
    static readonly LayerGeometry G = new(Rows: 4, Columns: 10, KernelElements: 2);

    public static TheoryData<string> Names() => [.. PruningSchemes.Names];

    [Fact]
    public void The_paper_schemes_and_n_m_are_registered()
    {
        Assert.Equal(["1:4", "2:4", "channel", "column", "filter", "filter_column", "irregular"], PruningSchemes.Names);
    }

    [Theory, MemberData(nameof(Names))]
    public void Name_round_trips_through_spec_json(string name)
    {
        var spec = new PruneSpec { Scheme = PruningSchemes.Get(name), Steps = [new() { Rate = 4 }] };
        var json = Json.Serialize(spec);
        Assert.Contains($"\"scheme\": \"{name}\"", json);
        Assert.Same(spec.Scheme, Json.Parse<PruneSpec>(json, "prune.json").Scheme);
    }

    [Theory, MemberData(nameof(Names))]
    public void Dense_keeps_everything_and_budgets_keep_what_they_count(string name)
    {
        var scheme = PruningSchemes.Get(name);
        Assert.Equal(G.Count, scheme.Dense(G).KeptWeights(G));
        var rng = new Random(5);
        var w = Enumerable.Range(0, G.Count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        foreach (var budget in new[] { 3.0, 12, 25, 40 })
            foreach (var last in new[] { false, true })
            {
                var spec = scheme.FromBudget(budget, G, last);
                long kept = spec.KeptWeights(G);
                Assert.InRange(kept, 1, G.Count);
                Assert.Equal(kept, spec.Build(G).Support(w).Count(x => x));
                Assert.False(string.IsNullOrWhiteSpace(spec.Describe(G)));
            }
    }

    [Fact]
    public void Unknown_names_are_errors_listing_the_known_ones()
    {
        var e = Assert.Throws<KitException>(() => PruningSchemes.Get("diagonal", "prune.scheme"));
        Assert.StartsWith("prune.scheme: unknown pruning scheme 'diagonal'", e.Message);
        Assert.Contains("filter_column", e.Message);
        var json = Assert.Throws<KitException>(() => Json.Parse<PruneSpec>("""{ "scheme": "diagonal", "steps": [] }""", "p.json"));
        Assert.Contains("at field 'scheme'", json.Message);
        Assert.Contains("irregular", json.Message);
    }
}
