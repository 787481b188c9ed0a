using System.Security.Cryptography;
using Kit.Data;

namespace Kit.Tests.Data;

/// <summary>The committed data files are the real datasets, intact.</summary>
public class RealDataTests
{
    [Fact]
    public void Manifest_checksums_match_the_files()
    {
        var dir = DataPaths.Resolve();
        var lines = File.ReadAllLines(Path.Combine(dir, DataPaths.Manifest)).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(8, lines.Count);
        foreach (var line in lines)
        {
            var parts = line.Split("  ", 2);
            using var fs = File.OpenRead(Path.Combine(dir, parts[1]));
            Assert.Equal(parts[0], Convert.ToHexStringLower(SHA256.HashData(fs)));
        }
    }

    [Fact]
    public void Mnist_has_the_original_sizes_and_first_labels()
    {
        var (train, test) = MnistLoader.Load(Path.Combine(DataPaths.Resolve(), "mnist"), "mnist");
        using (train) using (test)
        {
            Assert.Equal(60000, train.Count);
            Assert.Equal(10000, test.Count);
            Assert.Equal(new long[] { 5, 0, 4, 1, 9, 2, 1, 3 }, train.Labels[..8].data<long>().ToArray());
            Assert.Equal(new long[] { 7, 2, 1, 0, 4, 1, 4, 9 }, test.Labels[..8].data<long>().ToArray());
        }
    }

    [Fact]
    public void Fashion_mnist_loads_with_ten_balanced_classes()
    {
        var (train, test) = MnistLoader.Load(Path.Combine(DataPaths.Resolve(), "fashion-mnist"), "fashion-mnist");
        using (train) using (test)
        {
            Assert.Equal(60000, train.Count);
            Assert.Equal(10000, test.Count);
            var counts = train.Labels.bincount(null, 10).data<long>().ToArray();
            Assert.All(counts, c => Assert.Equal(6000, c));
        }
    }
}
