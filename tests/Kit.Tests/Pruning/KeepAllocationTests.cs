using Kit.Pruning;

namespace Kit.Tests.Pruning;

public class KeepAllocationTests
{
    static readonly List<KeepAllocation.Layer> LeNet5 =
    [
        new("conv1", new LayerGeometry(20, 25, 25), false),
        new("conv2", new LayerGeometry(50, 500, 25), false),
        new("fc1", new LayerGeometry(500, 800), false),
        new("fc2", new LayerGeometry(10, 500), true),
    ];

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(348)]
    public void Irregular_rate_target_is_met_and_small_layers_stay_denser(double rate)
    {
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), LeNet5, rate, 0.5, null);
        long kept = sets.Values.Sum(s => (long)s.Keep!.Value);
        Assert.InRange(430_500.0 / kept, rate * 0.998, rate * 1.002);
        double D(string n) => (double)sets[n].Keep!.Value / LeNet5.First(l => l.Name == n).Geometry.Count;
        Assert.True(D("conv1") > D("fc2") && D("fc2") > D("conv2") && D("conv2") > D("fc1"));
    }

    [Fact]
    public void Documented_100x_allocation()
    {
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), LeNet5, 100, 0.5, null);
        Assert.Equal(109, sets["conv1"].Keep);
        Assert.InRange(sets["conv2"].Keep!.Value, 760, 780);
        Assert.InRange(sets["fc1"].Keep!.Value, 3070, 3090);
    }

    [Fact]
    public void Overrides_are_fixed_and_the_rest_absorbs_the_budget()
    {
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), LeNet5, 100, 0.5,
            new Dictionary<string, LayerKeep> { ["conv1"] = new() { Weights = 1.0 } });
        Assert.Equal(500, sets["conv1"].Keep);
        Assert.InRange(sets.Values.Sum(s => s.Keep!.Value), 4303, 4307);
    }

    [Fact]
    public void Filter_keeps_every_class_output_row()
    {
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("filter"), LeNet5, 5, 0.5, null);
        Assert.Equal(10, sets["fc2"].Rows);
        var fc = KeepAllocation.Resolve(PruningSchemes.Get("filter_column"), LeNet5, 10, 0.5, null);
        Assert.Equal(10, fc["fc2"].Rows);
        Assert.True(fc["fc2"].Columns < 500);
        long kept = LeNet5.Sum(l => fc[l.Name].KeptWeights(l.Geometry));
        Assert.InRange(430_500.0 / kept, 9.5, 10.5);
    }

    [Fact]
    public void Without_a_rate_unlisted_layers_stay_dense()
    {
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("column"), LeNet5, null, 0.5,
            new Dictionary<string, LayerKeep> { ["fc1"] = new() { Columns = 0.25 } });
        Assert.Equal(200, sets["fc1"].Columns);
        Assert.Equal(500, sets["conv2"].Columns);
    }

    /// <summary>Two layers of 10 weights each, the second the classifier.</summary>
    static readonly List<KeepAllocation.Layer> Two =
    [
        new("a", new LayerGeometry(2, 5), false),
        new("b", new LayerGeometry(2, 5), true),
    ];

    static string Error(double? rate, double exponent = 0.5, Dictionary<string, LayerKeep>? overrides = null) =>
        Assert.Throws<KitException>(() => KeepAllocation.Resolve(PruningSchemes.Get("irregular"), Two, rate, exponent, overrides)).Message;

    [Fact]
    public void Rate_must_be_at_least_one_and_rate_one_keeps_everything()
    {
        Assert.Equal("prune.rate must be >= 1, got 0", Error(0));
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), Two, 1, 0.5, null);
        Assert.Equal((10, 10), (sets["a"].Keep, sets["b"].Keep));
    }

    [Fact]
    public void Exponent_must_be_in_zero_to_one_and_one_is_uniform_density()
    {
        Assert.Equal("prune.allocation_exponent must be in (0, 1], got 0", Error(2, exponent: 0));
        Assert.Equal("prune.allocation_exponent must be in (0, 1], got 2", Error(2, exponent: 2));
        // Layers of 100 and 300 weights at 4x: uniform density keeps 25% of each.
        List<KeepAllocation.Layer> layers = [new("a", new LayerGeometry(10, 10), false), new("b", new LayerGeometry(10, 30), false)];
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), layers, 4, 1, null);
        Assert.Equal((25, 75), (sets["a"].Keep, sets["b"].Keep));
    }

    [Fact]
    public void A_rate_must_leave_at_least_one_weight_per_free_layer()
    {
        // 20 weights at 10x: a budget of 2, one weight for each layer.
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), Two, 10, 0.5, null);
        Assert.Equal((1, 1), (sets["a"].Keep, sets["b"].Keep));
        Assert.Equal("prune.rate 20 leaves no weights for layers a, b after the fixed layers keep 0", Error(20));
        Assert.Equal("prune.rate 4 leaves no weights for layers b after the fixed layers keep 10",
            Error(4, overrides: new() { ["a"] = new() { Weights = 1 } }));
    }

    [Fact]
    public void Overrides_are_validated_naming_the_layer()
    {
        Assert.Equal("prune.layers.a.weights must be a fraction in (0, 1], got 2", Error(2, overrides: new() { ["a"] = new() { Weights = 2 } }));
        Assert.Equal("prune.layers.b.weights is required for scheme irregular", Error(2, overrides: new() { ["b"] = new() { Rows = 0.5 } }));
    }

    [Fact]
    public void When_every_layer_is_fixed_the_rate_is_a_check_of_the_fractions()
    {
        var pinned = new Dictionary<string, LayerKeep> { ["a"] = new() { Weights = 1 }, ["b"] = new() { Weights = 0.5 } };
        // a keeps 10 of 10, b 5 of 10: 20 / 15 = 1.333x; within 2% of the stated rate it passes, beyond it is refused.
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), Two, 1.35, 0.5, pinned);
        Assert.Equal((10, 5), (sets["a"].Keep, sets["b"].Keep));
        Assert.Equal(5, KeepAllocation.Resolve(PruningSchemes.Get("irregular"), Two, 1.31, 0.5, pinned)["b"].Keep);
        Assert.Equal("prune.rate 4 does not match its per-layer fractions, which keep 15 of 20 weights (1.33x); every layer is fixed, so the rate is only a check: change it or the fractions",
            Error(4, overrides: pinned));
        Assert.StartsWith("prune.rate 1.37 does not match", Error(1.37, overrides: pinned));
        Assert.StartsWith("prune.rate 1.3 does not match", Error(1.3, overrides: pinned));
    }

    [Fact]
    public void Filter_fixes_only_the_last_layer_dense()
    {
        List<KeepAllocation.Layer> layers = [new("a", new LayerGeometry(4, 10), false), new("b", new LayerGeometry(2, 10), true)];
        // 60 weights at 2x: b stays dense (20), a gets 30 - 20 = 10 weights = 1 row of 10.
        var sets = KeepAllocation.Resolve(PruningSchemes.Get("filter"), layers, 2, 0.5, null);
        Assert.Equal((1, 2), (sets["a"].Rows, sets["b"].Rows));
        Assert.Null(PruningSchemes.Get("filter").Fixed(layers[0].Geometry, isLast: false));
        Assert.Equal(PruningSchemes.Get("filter").Dense(layers[1].Geometry), PruningSchemes.Get("filter").Fixed(layers[1].Geometry, isLast: true));
    }

    [Fact]
    public void Budgets_are_min_of_size_and_c_times_size_to_the_exponent()
    {
        // Equal sizes share equally.
        Assert.Equal([75.0, 75.0], KeepAllocation.Budgets([100, 100], 150, 0.5));
        // sqrt sizes 2 and 4: 2c + 4c = 3 at c = 0.5, exactly.
        Assert.Equal([1.0, 2.0], KeepAllocation.Budgets([4, 16], 3, 0.5));
        // A layer that c * sqrt(N) would overfill is capped at N: min(1, c) + 10c = 11 at c = 1.
        Assert.Equal([1.0, 10.0], KeepAllocation.Budgets([1, 100], 11, 0.5));
        // A budget of everything (or more) keeps everything.
        Assert.Equal([4.0, 16.0], KeepAllocation.Budgets([4, 16], 20, 0.5));
        Assert.Equal([4.0, 16.0], KeepAllocation.Budgets([4, 16], 25, 0.5));
    }

    [Fact]
    public void A_cap_holds_its_layer_and_the_others_take_the_rest()
    {
        // Two layers of 100, uniform rule (exponent 1), 100 kept: 50/50 without caps; the first capped at 20 gives 20/80.
        Assert.Equal([50.0, 50.0], KeepAllocation.Budgets([100, 100], 100, 1.0).Select(b => Math.Round(b, 6)));
        Assert.Equal([20.0, 80.0], KeepAllocation.Budgets([100, 100], 100, 1.0, [20, 100]).Select(b => Math.Round(b, 6)));
        // A budget at or above the caps' sum keeps every layer at its cap.
        Assert.Equal([20.0, 30.0], KeepAllocation.Budgets([100, 100], 80, 1.0, [20, 30]));
    }

    [Fact]
    public void Capped_allocation_meets_the_rate_with_the_capped_layer_at_its_support()
    {
        var caps = new Dictionary<string, long> { ["conv1"] = 40 };
        var free = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), LeNet5, 100, 0.2, null);
        var capped = KeepAllocation.Resolve(PruningSchemes.Get("irregular"), LeNet5, 100, 0.2, null, caps: caps);
        Assert.True(free["conv1"].Keep > 40);
        Assert.Equal(40, capped["conv1"].Keep);
        long kept = capped.Values.Sum(s => (long)s.Keep!.Value);
        Assert.InRange(430_500.0 / kept, 99.8, 100.2);
        foreach (var n in new[] { "conv2", "fc1", "fc2" }) Assert.True(capped[n].Keep > free[n].Keep, n);
    }
}
