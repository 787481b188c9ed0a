using Kit.Training;

namespace Kit.Tests.Training;

public class ScheduleTests
{
    [Fact]
    public void Cosine_goes_from_base_to_min_fraction()
    {
        var s = new LrScheduleSpec { Type = ScheduleType.Cosine, MinFraction = 0.1 }.Build();
        Assert.Equal(1.0, s.Rate(1.0, 0, 10), 9);
        Assert.Equal(0.55, s.Rate(1.0, 5, 10), 9);
        Assert.Equal(0.1, s.Rate(1.0, 10, 10), 9);
    }

    [Fact]
    public void Step_multiplies_by_gamma_every_step_epochs()
    {
        var s = new LrScheduleSpec { Type = ScheduleType.Step, StepEpochs = 2, Gamma = 0.5 }.Build();
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 0.25 }, Enumerable.Range(0, 5).Select(e => s.Rate(1.0, e + 0.3, 5)));
    }

    [Fact]
    public void Invalid_configs_name_the_field()
    {
        Assert.Contains("train.lr", Assert.Throws<KitException>(() => new TrainConfig { Lr = -1 }.Validate()).Message);
        Assert.Contains("train.batch_size", Assert.Throws<KitException>(() => new TrainConfig { BatchSize = 0 }.Validate()).Message);
        Assert.Contains("step_epochs", Assert.Throws<KitException>(() => new TrainConfig { Schedule = new() { Type = ScheduleType.Step, StepEpochs = 0 } }.Validate()).Message);
    }
}
