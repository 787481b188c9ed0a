using Kit.Data;
using Kit.Models;
using static TorchSharp.torch;

namespace Kit.Tests;

/// <summary>Torch tests share one collection (one thread, run one class at a time): the 2-core machine stays usable.</summary>
[CollectionDefinition("torch")]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>;

public sealed class TorchFixture
{
    public TorchFixture() => TorchRuntime.Start(1);

    /// <summary>A random image classification set with a learnable rule (class = brightest of 10 stripes).</summary>
    public static Dataset Synthetic(int n, int seed)
    {
        var g = new Random(seed);
        var images = new float[n * 28 * 28];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            int label = g.Next(10);
            labels[i] = label;
            for (int p = 0; p < 28 * 28; p++)
            {
                int stripe = (p % 28) * 10 / 28;
                images[i * 784 + p] = (float)(0.3 * g.NextDouble() + (stripe == label ? 0.6 : 0));
            }
        }
        return new Dataset("synthetic", tensor(images, [n, 1, 28, 28]), tensor(labels, [n]), 10);
    }

    public static DatasetInfo Info => DatasetRegistry.Info("mnist");
}
