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
}
