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

    [Fact]
    public void Unknown_name_message_lists_every_known_name()
    {
        Assert.Equal("prune.scheme: unknown pruning scheme 'diagonal' (known: 1:4, 2:4, channel, column, filter, filter_column, irregular)",
            Assert.Throws<KitException>(() => PruningSchemes.Get("diagonal", "prune.scheme")).Message);
        Assert.Same(PruningSchemes.Get("filter_column"), PruningSchemes.Get("Filter_Column"));
    }

    [Fact]
    public void A_scheme_that_is_not_a_name_is_an_error_listing_the_names()
    {
        var e = Assert.Throws<KitException>(() => Json.Parse<PruningSetSpec>("""{ "scheme": 3 }""", "set.json"));
        Assert.Equal("set.json: invalid JSON at field 'scheme': a pruning scheme is a name (1:4, 2:4, channel, column, filter, filter_column, irregular)", e.Message);
    }

    [Theory]
    [InlineData("irregular", "irregular (non-structured)")]
    [InlineData("filter", "filter (structured)")]
    [InlineData("column", "column (structured)")]
    [InlineData("channel", "channel (structured)")]
    [InlineData("filter_column", "filter+column (structured)")]
    [InlineData("2:4", "2:4 (semi-structured)")]
    [InlineData("1:4", "1:4 (semi-structured)")]
    public void Each_scheme_describes_itself(string name, string description)
    {
        var scheme = PruningSchemes.Get(name);
        Assert.Equal((description, name), (scheme.Description, scheme.ToString()));
    }

    [Fact]
    public void Channel_budgets_count_whole_channels_of_rows_times_kernel_weights()
    {
        // G: 4 rows x 5 channels of 2 kernel elements; one channel is 4 x 2 = 8 weights.
        var channel = PruningSchemes.Get("channel");
        Assert.Equal(2, channel.FromBudget(16, G, false).Channels);
        Assert.Equal(3, channel.FromBudget(21, G, false).Channels);
        Assert.Equal(5, channel.FromBudget(1000, G, false).Channels);
        Assert.Equal(1, channel.FromBudget(1, G, false).Channels);
    }

    [Fact]
    public void Filter_column_budgets_make_a_block_with_both_sides_at_the_square_root_of_the_density()
    {
        // 10 x 40 at 100 weights: density 1/4, rows = sqrt(1/4) * 10 = 5, columns = 100 / 5 = 20.
        var fc = PruningSchemes.Get("filter_column");
        var g = new LayerGeometry(10, 40);
        var spec = fc.FromBudget(100, g, isLast: false);
        Assert.Equal((5, 20), (spec.Rows, spec.Columns));
        // The last layer keeps all 10 rows (its classes): 100 / 10 = 10 columns.
        var last = fc.FromBudget(100, g, isLast: true);
        Assert.Equal((10, 10), (last.Rows, last.Columns));
        Assert.Equal("rows 5/10 x columns 20/40", spec.Describe(g));
    }
}
