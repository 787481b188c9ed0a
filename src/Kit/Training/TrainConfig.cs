using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Training;

[JsonConverter(typeof(JsonStringEnumConverter<OptimizerType>))]
public enum OptimizerType { Sgd, Adam }

/// <summary>How to train: optimizer, schedule, epochs, batch. A plain record, serialized into every result.</summary>
public sealed record TrainConfig
{
    public OptimizerType Optimizer { get; init; } = OptimizerType.Sgd;
    public double Lr { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public bool Nesterov { get; init; } = false;
    public int Epochs { get; init; } = 15;
    public int BatchSize { get; init; } = 64;
    public int EvalBatchSize { get; init; } = 1000;
    public LrScheduleSpec Schedule { get; init; } = new();

    public void Validate(string prefix = "train")
    {
        if (!(Lr > 0) || double.IsInfinity(Lr)) throw new KitException($"{prefix}.lr must be > 0, got {Lr}");
        if (!(Momentum >= 0 && Momentum < 1)) throw new KitException($"{prefix}.momentum must be in [0,1), got {Momentum}");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new KitException($"{prefix}.weight_decay must be >= 0, got {WeightDecay}");
        if (Epochs < 0 || Epochs > 10000) throw new KitException($"{prefix}.epochs must be in 0..10000, got {Epochs}");
        if (BatchSize < 1 || BatchSize > 65536) throw new KitException($"{prefix}.batch_size must be in 1..65536, got {BatchSize}");
        if (EvalBatchSize < 1) throw new KitException($"{prefix}.eval_batch_size must be >= 1, got {EvalBatchSize}");
        Schedule.Build($"{prefix}.schedule");
    }

    public optim.Optimizer CreateOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters) => Optimizer switch
    {
        OptimizerType.Sgd => optim.SGD(parameters, Lr, momentum: Momentum, weight_decay: WeightDecay, nesterov: Nesterov),
        OptimizerType.Adam => optim.Adam(parameters, Lr, weight_decay: WeightDecay),
        _ => throw new KitException($"unknown optimizer {Optimizer}"),
    };
}
