using Kit.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// LeNet-5 as in Caffe's MNIST example (the network of the ADMM pruning papers): conv 20 5x5, max-pool,
/// conv 50 5x5, max-pool, fc 500 + ReLU, fc 10. Caffe has no nonlinearity after the convolutions.
/// 430,500 prunable weights: conv1 500, conv2 25,000, fc1 400,000, fc2 5,000.
/// </summary>
internal sealed class LeNet5 : KitModel
{
    readonly Normalize norm;
    readonly Conv2d conv1, conv2;
    readonly Linear fc1, fc2;
    readonly PrunableLayer[] layers;

    public LeNet5(DatasetInfo input) : base(nameof(LeNet5))
    {
        if (input.Height != 28 || input.Width != 28)
            throw new KitException($"lenet5 expects 28x28 inputs, dataset {input.Name} has {input.Height}x{input.Width}");
        norm = new Normalize(input.Mean, input.Std);
        conv1 = nn.Conv2d(input.Channels, 20, 5);
        conv2 = nn.Conv2d(20, 50, 5);
        fc1 = nn.Linear(50 * 4 * 4, 500);
        fc2 = nn.Linear(500, input.Classes);
        RegisterComponents();
        layers =
        [
            Describe("conv1", conv1, "conv2", 25),
            Describe("conv2", conv2, "fc1", 16),
            Describe("fc1", fc1, "fc2"),
            Describe("fc2", fc2, null),
        ];
    }

    public override string Architecture => "lenet5";
    public override IReadOnlyList<PrunableLayer> PrunableLayers => layers;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.max_pool2d(conv1.forward(norm.forward(x)), 2);
        h = nn.functional.max_pool2d(conv2.forward(h), 2);
        h = nn.functional.relu(fc1.forward(h.flatten(1)));
        return fc2.forward(h).MoveToOuterDisposeScope();
    }
}

/// <summary>LeNet-300-100: fc 784-300-100-10 with ReLUs (266,200 prunable weights).</summary>
internal sealed class LeNet300100 : KitModel
{
    readonly Normalize norm;
    readonly Linear fc1, fc2, fc3;
    readonly PrunableLayer[] layers;

    public LeNet300100(DatasetInfo input) : base(nameof(LeNet300100))
    {
        norm = new Normalize(input.Mean, input.Std);
        fc1 = nn.Linear(input.Channels * input.Height * input.Width, 300);
        fc2 = nn.Linear(300, 100);
        fc3 = nn.Linear(100, input.Classes);
        RegisterComponents();
        layers = [Describe("fc1", fc1, "fc2"), Describe("fc2", fc2, "fc3"), Describe("fc3", fc3, null)];
    }

    public override string Architecture => "lenet-300-100";
    public override IReadOnlyList<PrunableLayer> PrunableLayers => layers;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(fc1.forward(norm.forward(x).flatten(1)));
        h = nn.functional.relu(fc2.forward(h));
        return fc3.forward(h).MoveToOuterDisposeScope();
    }
}
