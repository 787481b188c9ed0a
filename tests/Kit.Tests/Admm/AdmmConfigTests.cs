using Kit.Admm;
using Kit.IO;
using Kit.Training;

namespace Kit.Tests.Admm;

/// <summary>Each bound of an ADMM schedule: the last value accepted and the first refused, refused with the field's full name.</summary>
public class AdmmConfigTests
{
    static AdmmConfig Valid => new()
    {
        Rho0 = 0.01, RhoGrowth = 1.5, RhoMax = 1, PeriodEpochs = 2, Periods = 6,
        Train = new TrainConfig { Lr = 0.01, Epochs = 2 },
    };

    static AdmmConfig WithPeriodEpochs(int n) => Valid with { PeriodEpochs = n, Train = Valid.Train with { Epochs = n } };

    public static TheoryData<string, AdmmConfig> Accepted => new()
    {
        { "defaults", new AdmmConfig() },
        { "rho_growth 1 (fixed rho)", Valid with { RhoGrowth = 1 } },
        { "rho_max = rho0", Valid with { RhoMax = 0.01 } },
        { "period_epochs 1", WithPeriodEpochs(1) },
        { "period_epochs 1000", WithPeriodEpochs(1000) },
        { "periods 0 (no ADMM)", Valid with { Periods = 0 } },
        { "periods 1000", Valid with { Periods = 1000 } },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_the_edges_of_each_range(string why, AdmmConfig config)
    {
        Assert.NotNull(why);
        config.Validate("prune admm");
    }

    public static TheoryData<AdmmConfig, string> Refused => new()
    {
        { Valid with { Rho0 = 0 }, "prune admm.rho0 must be > 0, got 0" },
        { Valid with { Rho0 = -1e-3 }, "prune admm.rho0 must be > 0" },
        { Valid with { Rho0 = double.NaN }, "prune admm.rho0 must be > 0, got NaN" },
        { Valid with { Rho0 = double.PositiveInfinity, RhoMax = double.PositiveInfinity }, "prune admm.rho0 must be > 0" },
        { Valid with { RhoGrowth = 0.999 }, "prune admm.rho_growth must be >= 1, got 0.999" },
        { Valid with { RhoGrowth = double.NaN }, "prune admm.rho_growth must be >= 1" },
        { Valid with { RhoGrowth = double.PositiveInfinity }, "prune admm.rho_growth must be >= 1" },
        { Valid with { RhoMax = 0.009 }, "prune admm.rho_max must be >= rho0 (0.01), got 0.009" },
        { Valid with { RhoMax = double.NaN }, "prune admm.rho_max must be >= rho0" },
        { Valid with { RhoMax = double.PositiveInfinity }, "prune admm.rho_max must be >= rho0" },
        { WithPeriodEpochs(0), "prune admm.period_epochs must be in 1..1000, got 0" },
        { WithPeriodEpochs(1001), "prune admm.period_epochs must be in 1..1000, got 1001" },
        { Valid with { Periods = -1 }, "prune admm.periods must be in 0..1000, got -1" },
        { Valid with { Periods = 1001 }, "prune admm.periods must be in 0..1000, got 1001" },
        { Valid with { Train = Valid.Train with { Lr = 0 } }, "prune admm.train.lr must be > 0" },
        { Valid with { Train = Valid.Train with { Epochs = 3 } }, "prune admm.train.epochs must equal prune admm.period_epochs (2): the learning-rate schedule spans one period, got 3" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_values_outside_each_range_naming_the_field(AdmmConfig config, string message)
    {
        var e = Assert.Throws<KitException>(() => config.Validate("prune admm"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Epochs_is_periods_times_period_epochs_and_is_not_written_to_json()
    {
        Assert.Equal(12, Valid.Epochs);
        Assert.Equal(0, (Valid with { Periods = 0 }).Epochs);
        var json = Json.ToNode(Valid).AsObject();
        Assert.False(json.ContainsKey("epochs"));
        Assert.Equal(2, (int)json["period_epochs"]!);
        var back = Json.Parse<AdmmConfig>(json.ToJsonString(), "test");
        Assert.Equal(Valid, back);
    }
}
