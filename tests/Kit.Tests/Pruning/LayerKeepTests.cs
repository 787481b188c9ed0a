using Kit.Pruning;

namespace Kit.Tests.Pruning;

/// <summary>Per-layer kept fractions: every given field must lie in (0, 1], and the scheme's own fields must be given.</summary>
public class LayerKeepTests
{
    static readonly LayerKeep All = new() { Weights = 0.1, Rows = 0.2, Columns = 0.3, Channels = 0.4 };

    [Fact]
    public void Fields_are_found_by_their_json_names()
    {
        Assert.Equal(0.1, All.Fraction("weights"));
        Assert.Equal(0.2, All.Fraction("rows"));
        Assert.Equal(0.3, All.Fraction("columns"));
        Assert.Equal(0.4, All.Fraction("channels"));
        Assert.Null(new LayerKeep().Fraction("rows"));
        var e = Assert.Throws<ArgumentException>(() => All.Fraction("bias"));
        Assert.Equal("field", e.ParamName);
        Assert.StartsWith("LayerKeep has no field 'bias'", e.Message);
    }

    [Theory]
    [InlineData("weights")]
    [InlineData("rows")]
    [InlineData("columns")]
    [InlineData("channels")]
    public void Every_field_must_be_a_fraction_in_zero_to_one(string field)
    {
        LayerKeep With(double v) => field switch
        {
            "weights" => All with { Weights = v },
            "rows" => All with { Rows = v },
            "columns" => All with { Columns = v },
            _ => All with { Channels = v },
        };
        // The irregular scheme needs only `weights`: the others are checked all the same.
        var irregular = PruningSchemes.Get("irregular");
        With(1).Validate(irregular, "prune.layers.fc1");
        With(1e-6).Validate(irregular, "prune.layers.fc1");
        foreach (var bad in new[] { 0.0, 2.0, -1.0 })
            Assert.Equal($"prune.layers.fc1.{field} must be a fraction in (0, 1], got {bad}",
                Assert.Throws<KitException>(() => With(bad).Validate(irregular, "prune.layers.fc1")).Message);
    }

    [Fact]
    public void A_field_the_scheme_needs_must_be_given()
    {
        string Missing(LayerKeep k, string scheme) => Assert.Throws<KitException>(() => k.Validate(PruningSchemes.Get(scheme), "prune.layers.fc1")).Message;
        Assert.Equal("prune.layers.fc1.weights is required for scheme irregular", Missing(new() { Rows = 0.5 }, "irregular"));
        Assert.Equal("prune.layers.fc1.rows is required for scheme filter", Missing(new() { Weights = 0.5 }, "filter"));
        Assert.Equal("prune.layers.fc1.columns is required for scheme column", Missing(new() { Rows = 0.5 }, "column"));
        Assert.Equal("prune.layers.fc1.channels is required for scheme channel", Missing(new() { Columns = 0.5 }, "channel"));
        Assert.Equal("prune.layers.fc1.rows is required for scheme filter_column", Missing(new() { Columns = 0.5 }, "filter_column"));
        Assert.Equal("prune.layers.fc1.columns is required for scheme filter_column", Missing(new() { Rows = 0.5 }, "filter_column"));
        new LayerKeep { Rows = 0.5, Columns = 0.5 }.Validate(PruningSchemes.Get("filter_column"), "prune.layers.fc1");
    }
}
