using Kit.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kit.Models;

/// <summary>
/// ResNet-18 for 32x32 inputs (CIFAR variant: 3x3 stem, no initial max-pool, stages of 64/128/256/512
/// with two basic blocks each, global average pool, fc). ~11.2 M prunable weights.
/// Coupling: a block's first conv feeds only its second conv; outputs that enter a residual add have no
/// single consumer (Consumer = null), since pruning them needs the whole add group pruned together.
/// </summary>
internal sealed class ResNet18 : KitModel
{
    sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        public readonly Conv2d conv1, conv2;
        public readonly BatchNorm2d bn1, bn2;
        public readonly Conv2d? shortcut;
        public readonly BatchNorm2d? shortcutBn;

        public BasicBlock(string name, int inC, int outC, int stride) : base(name)
        {
            conv1 = nn.Conv2d(inC, outC, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(outC);
            conv2 = nn.Conv2d(outC, outC, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(outC);
            if (stride != 1 || inC != outC)
            {
                shortcut = nn.Conv2d(inC, outC, 1, stride: stride, bias: false);
                shortcutBn = nn.BatchNorm2d(outC);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var h = nn.functional.relu(bn1.forward(conv1.forward(x)));
            h = bn2.forward(conv2.forward(h));
            var s = shortcut is null ? x : shortcutBn!.forward(shortcut.forward(x));
            return nn.functional.relu(h + s);
        }
    }

    readonly Normalize norm;
    readonly Conv2d stem;
    readonly BatchNorm2d stemBn;
    readonly ModuleList<BasicBlock> blocks = new();
    readonly Linear fc;
    readonly PrunableLayer[] layers;

    public ResNet18(DatasetInfo input) : base(nameof(ResNet18))
    {
        if (input.Height != 32 || input.Width != 32)
            throw new KitException($"resnet18 (CIFAR variant) expects 32x32 inputs, dataset {input.Name} has {input.Height}x{input.Width}");
        norm = new Normalize(input.Mean, input.Std);
        stem = nn.Conv2d(input.Channels, 64, 3, padding: 1, bias: false);
        stemBn = nn.BatchNorm2d(64);
        int c = 64, b = 0;
        foreach (var (width, stride) in new[] { (64, 1), (128, 2), (256, 2), (512, 2) })
            for (int i = 0; i < 2; i++, b++)
            {
                blocks.Add(new BasicBlock($"block{b + 1}", c, width, i == 0 ? stride : 1));
                c = width;
            }
        fc = nn.Linear(512, input.Classes);
        RegisterComponents();
        var list = new List<PrunableLayer> { Describe("stem", stem, null, 9) };
        for (int i = 0; i < blocks.Count; i++)
        {
            var blk = blocks[i];
            list.Add(Describe($"block{i + 1}.conv1", blk.conv1, $"block{i + 1}.conv2", 9));
            list.Add(Describe($"block{i + 1}.conv2", blk.conv2, null, 9));
            if (blk.shortcut is not null) list.Add(Describe($"block{i + 1}.shortcut", blk.shortcut, null, 1));
        }
        list.Add(Describe("fc", fc, null));
        layers = list.ToArray();
    }

    public override string Architecture => "resnet18";
    public override IReadOnlyList<PrunableLayer> PrunableLayers => layers;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(stemBn.forward(stem.forward(norm.forward(x))));
        foreach (var blk in blocks) h = blk.forward(h);
        h = nn.functional.adaptive_avg_pool2d(h, 1).flatten(1);
        return fc.forward(h).MoveToOuterDisposeScope();
    }
}
