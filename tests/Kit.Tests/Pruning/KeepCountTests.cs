using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>
/// What a set accepts as its kept count: 0 (keep nothing) up to every unit; anything else, or a missing count, is one
/// error naming the scheme and the field.
/// </summary>
public class KeepCountTests
{
    /// <summary>2 rows x 6 columns, kernels of 3: 12 weights, 2 channels.</summary>
    static readonly LayerGeometry G = new(Rows: 2, Columns: 6, KernelElements: 3);

    static readonly float[] W = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12];

    static string Error(Func<IPruningSet> build) => Assert.Throws<KitException>(() => build()).Message;

    [Fact]
    public void Counts_outside_zero_to_all_are_rejected_with_the_range()
    {
        Assert.Equal("irregular: keep must be in 0..12, got -1", Error(() => new IrregularSet(G, -1)));
        Assert.Equal("irregular: keep must be in 0..12, got 13", Error(() => new IrregularSet(G, 13)));
        Assert.Equal("filter: keep_rows must be in 0..2, got -1", Error(() => new FilterSet(G, -1)));
        Assert.Equal("filter: keep_rows must be in 0..2, got 3", Error(() => new FilterSet(G, 3)));
        Assert.Equal("column: keep_columns must be in 0..6, got -1", Error(() => new ColumnSet(G, -1)));
        Assert.Equal("column: keep_columns must be in 0..6, got 7", Error(() => new ColumnSet(G, 7)));
        Assert.Equal("channel: keep_channels must be in 0..2, got -1", Error(() => new ChannelSet(G, -1)));
        Assert.Equal("channel: keep_channels must be in 0..2, got 3", Error(() => new ChannelSet(G, 3)));
        Assert.Equal("filter_column: keep_rows must be in 0..2, got -1", Error(() => new FilterColumnSet(G, -1, 1)));
        Assert.Equal("filter_column: keep_rows must be in 0..2, got 3", Error(() => new FilterColumnSet(G, 3, 1)));
        Assert.Equal("filter_column: keep_columns must be in 0..6, got -1", Error(() => new FilterColumnSet(G, 1, -1)));
        Assert.Equal("filter_column: keep_columns must be in 0..6, got 7", Error(() => new FilterColumnSet(G, 1, 7)));
    }

    static IPruningSet Build(string which, int n) => which switch
    {
        "irregular" => new IrregularSet(G, n),
        "filter" => new FilterSet(G, n),
        "column" => new ColumnSet(G, n),
        "channel" => new ChannelSet(G, n),
        "filter_column rows" => new FilterColumnSet(G, n, 3),
        "filter_column columns" => new FilterColumnSet(G, 1, n),
        _ => throw new ArgumentException(which),
    };

    [Theory]
    [InlineData("irregular")]
    [InlineData("filter")]
    [InlineData("column")]
    [InlineData("channel")]
    [InlineData("filter_column rows")]
    [InlineData("filter_column columns")]
    public void Keeping_nothing_is_allowed_and_zeroes_the_layer(string which)
    {
        Assert.All(Build(which, 0).Support(W), kept => Assert.False(kept));
    }

    [Fact]
    public void Keeping_every_unit_keeps_every_weight()
    {
        foreach (var set in new IPruningSet[] { new IrregularSet(G, 12), new FilterSet(G, 2), new ColumnSet(G, 6), new ChannelSet(G, 2), new FilterColumnSet(G, 2, 6) })
            Assert.All(set.Support(W), kept => Assert.True(kept));
    }

    [Fact]
    public void A_missing_count_names_the_layer_and_field()
    {
        string Missing(PruningSetSpec spec) => Assert.Throws<KitException>(() => spec.Build(G, "layer conv1")).Message;
        Assert.Equal("layer conv1.keep is required for this scheme", Missing(new() { Scheme = PruningSchemes.Get("irregular") }));
        Assert.Equal("layer conv1.rows is required for this scheme", Missing(new() { Scheme = PruningSchemes.Get("filter") }));
        Assert.Equal("layer conv1.columns is required for this scheme", Missing(new() { Scheme = PruningSchemes.Get("column") }));
        Assert.Equal("layer conv1.channels is required for this scheme", Missing(new() { Scheme = PruningSchemes.Get("channel") }));
        Assert.Equal("layer conv1.rows is required for this scheme", Missing(new() { Scheme = PruningSchemes.Get("filter_column"), Columns = 2 }));
        Assert.Equal("layer conv1.columns is required for this scheme", Missing(new() { Scheme = PruningSchemes.Get("filter_column"), Rows = 1 }));
    }

    public static TheoryData<PruningSetSpec> Specs() =>
    [
        new() { Scheme = PruningSchemes.Get("irregular"), Keep = 5 },
        new() { Scheme = PruningSchemes.Get("filter"), Rows = 1 },
        new() { Scheme = PruningSchemes.Get("column"), Columns = 4 },
        new() { Scheme = PruningSchemes.Get("channel"), Channels = 1 },
        new() { Scheme = PruningSchemes.Get("filter_column"), Rows = 1, Columns = 4 },
        new() { Scheme = PruningSchemes.Get("2:4") },
    ];

    [Theory, MemberData(nameof(Specs))]
    public void A_set_reports_the_spec_it_was_built_from(PruningSetSpec spec)
    {
        Assert.Equal(spec, spec.Build(G).Spec);
    }

    [Fact]
    public void Top_k_rejects_impossible_counts_and_nan_scores()
    {
        Assert.Equal("cannot keep -1 of 3 units", Assert.Throws<KitException>(() => TopK.Select([1, 2, 3], -1)).Message);
        Assert.Equal("cannot keep 4 of 3 units", Assert.Throws<KitException>(() => TopK.Select([1, 2, 3], 4)).Message);
        Assert.Equal("cannot rank NaN scores (the weights diverged)", Assert.Throws<KitException>(() => TopK.Select([1, double.NaN, 3], 2)).Message);
        // Keep none and keep all rank nothing, but NaN weights are still refused.
        Assert.Equal("cannot rank NaN scores (the weights diverged)", Assert.Throws<KitException>(() => TopK.Select([1, double.NaN, 3], 0)).Message);
        Assert.Equal("cannot rank NaN scores (the weights diverged)", Assert.Throws<KitException>(() => TopK.Select([1, double.NaN, 3], 3)).Message);
        Assert.Equal([false, false, false], TopK.Select([1, 2, 3], 0));
    }
}
