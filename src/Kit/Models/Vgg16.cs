using Kit.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// VGG-16 for 32x32 inputs (the CIFAR-10 variant of the ADMM papers): 13 conv 3x3 layers with batch norm
/// and ReLU, five max-pools (down to 1x1), one fc 512 -> classes. ~14.7 M prunable weights.
/// A conv's consumer is the next conv (through its batch norm, whose channel also goes with the filter).
/// </summary>
internal sealed class Vgg16 : KitModel
{
    static readonly int[] Config = [64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1];

    readonly Normalize norm;
    readonly ModuleList<Conv2d> convs = new();
    readonly ModuleList<BatchNorm2d> norms = new();
    readonly Linear classifier;
    readonly PrunableLayer[] layers;

    public Vgg16(DatasetInfo input) : base(nameof(Vgg16))
    {
        if (input.Height != 32 || input.Width != 32)
            throw new KitException($"vgg16 (CIFAR variant) expects 32x32 inputs, dataset {input.Name} has {input.Height}x{input.Width}");
        norm = new Normalize(input.Mean, input.Std);
        int c = input.Channels;
        foreach (var v in Config.Where(v => v > 0))
        {
            convs.Add(nn.Conv2d(c, v, 3, padding: 1, bias: false));
            norms.Add(nn.BatchNorm2d(v));
            c = v;
        }
        classifier = nn.Linear(512, input.Classes);
        RegisterComponents();
        var list = new List<PrunableLayer>();
        for (int i = 0; i < convs.Count; i++)
            list.Add(i + 1 < convs.Count ? Describe($"conv{i + 1}", convs[i], $"conv{i + 2}", 9) : Describe($"conv{i + 1}", convs[i], "fc", 1));
        list.Add(Describe("fc", classifier, null));
        layers = list.ToArray();
    }

    public override string Architecture => "vgg16";
    public override IReadOnlyList<PrunableLayer> PrunableLayers => layers;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = norm.forward(x);
        int i = 0;
        foreach (var v in Config)
        {
            if (v < 0) { h = nn.functional.max_pool2d(h, 2); continue; }
            h = nn.functional.relu(norms[i].forward(convs[i].forward(h)));
            i++;
        }
        return classifier.forward(h.flatten(1)).MoveToOuterDisposeScope();
    }
}
