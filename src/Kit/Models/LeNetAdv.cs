using Kit.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// LeNet_adv(w) of Ye et al. (ICCV 2019), Madry's MNIST network at w = 16: conv 1->2w 5x5 pad 2, ReLU,
/// max-pool, conv 2w->4w 5x5 pad 2, ReLU, max-pool, fc 7*7*4w -> 64w, ReLU, fc -> classes. Width-scaled
/// so that "prune a wide model" can be compared with "train a narrow one from scratch" at equal weights.
/// Registered as lenet-adv-1, -2, -4, -8, -16.
/// </summary>
internal sealed class LeNetAdv : KitModel
{
    public static readonly int[] Widths = [1, 2, 4, 8, 16];

    readonly Normalize norm;
    readonly Conv2d conv1, conv2;
    readonly Linear fc1, fc2;
    readonly PrunableLayer[] layers;

    public int Width { get; }

    public static string NameOf(int width) => $"lenet-adv-{width}";

    public LeNetAdv(DatasetInfo input, int width) : base(nameof(LeNetAdv))
    {
        if (width < 1) throw new KitException($"lenet-adv width must be >= 1, got {width}");
        if (input.Height != 28 || input.Width != 28)
            throw new KitException($"lenet-adv expects 28x28 inputs, dataset {input.Name} has {input.Height}x{input.Width}");
        Width = width;
        norm = new Normalize(input.Mean, input.Std);
        conv1 = nn.Conv2d(input.Channels, 2 * width, 5, padding: 2);
        conv2 = nn.Conv2d(2 * width, 4 * width, 5, padding: 2);
        fc1 = nn.Linear(7 * 7 * 4 * width, 64 * width);
        fc2 = nn.Linear(64 * width, input.Classes);
        RegisterComponents();
        layers =
        [
            Describe("conv1", conv1, "conv2", 25),
            Describe("conv2", conv2, "fc1", 49),
            Describe("fc1", fc1, "fc2"),
            Describe("fc2", fc2, null),
        ];
    }

    public override string Architecture => NameOf(Width);
    public override IReadOnlyList<PrunableLayer> PrunableLayers => layers;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(norm.forward(x))), 2);
        h = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(h)), 2);
        h = nn.functional.relu(fc1.forward(h.flatten(1)));
        return fc2.forward(h).MoveToOuterDisposeScope();
    }
}
