using Kit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Training;

/// <summary>
/// The yardstick of `kit bench train --compare-raw`: LeNet-5 trained the way a plain TorchSharp script does it,
/// with none of the kit (no hooks, no schedule object, no per-batch host sync, no checks, inputs normalized once
/// up front). Same layers, optimizer and batch as the kit's default configuration, so the time difference per
/// epoch is what the kit's own loop costs.
/// </summary>
public sealed class RawTrainingLoop : IDisposable
{
    readonly nn.Module<Tensor, Tensor> net;
    readonly optim.Optimizer optimizer;
    readonly Tensor images, labels;
    readonly Generator generator;
    readonly int batchSize;

    public RawTrainingLoop(Dataset train, DatasetInfo info, TrainConfig config, long seed)
    {
        if (info.Height != 28 || info.Width != 28)
            throw new KitException($"the raw loop is LeNet-5 on 28x28 images; dataset {info.Name} has {info.Height}x{info.Width}");
        manual_seed(seed);
        net = nn.Sequential(
            nn.Conv2d(info.Channels, 20, 5), nn.MaxPool2d(2),
            nn.Conv2d(20, 50, 5), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(), nn.Linear(500, info.Classes));
        optimizer = optim.SGD(net.parameters(), config.Lr, momentum: config.Momentum, weight_decay: config.WeightDecay);
        images = Normalized(train.Images, info);
        labels = train.Labels.alias();
        generator = new Generator((ulong)seed);
        batchSize = config.BatchSize;
    }

    static Tensor Normalized(Tensor x, DatasetInfo info)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(info.Mean).reshape(1, info.Mean.Length, 1, 1);
        var std = tensor(info.Std).reshape(1, info.Std.Length, 1, 1);
        return ((x - mean) / std).contiguous().MoveToOuterDisposeScope();
    }

    public void TrainEpoch()
    {
        net.train();
        long n = images.shape[0];
        using var order = randperm(n, generator: generator);
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var idx = order.narrow(0, start, Math.Min(batchSize, n - start));
            var loss = nn.functional.cross_entropy(net.call(images.index_select(0, idx)), labels.index_select(0, idx));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    /// <summary>Test accuracy in percent (inputs normalized like the training images).</summary>
    public double Accuracy(Dataset test, DatasetInfo info)
    {
        net.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = Normalized(test.Images, info);
        long correct = 0;
        for (long start = 0; start < x.shape[0]; start += 1000)
        {
            long len = Math.Min(1000, x.shape[0] - start);
            correct += net.call(x.narrow(0, start, len)).argmax(1).eq(test.Labels.narrow(0, start, len)).sum().item<long>();
        }
        return 100.0 * correct / test.Count;
    }

    public void Dispose()
    {
        net.Dispose();
        optimizer.Dispose();
        images.Dispose();
        labels.Dispose();
        generator.Dispose();
    }
}
