using Kit.Data;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Training;

public class CheckpointTests
{
    static readonly DatasetInfo Mnist = DatasetRegistry.Info("mnist");

    [Fact]
    public void Save_then_load_restores_the_same_function_and_sidecar()
    {
        using var dir = new TempDir();
        using var m = ModelRegistry.Create("lenet5", Mnist, 3);
        var path = dir.File("model.pt");
        Checkpoint.Save(m, path, new CheckpointInfo { Dataset = "mnist", Seed = 3 });
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        var (loaded, info) = Checkpoint.Load(path);
        using (loaded)
        {
            Assert.Equal("lenet5", info.Architecture);
            Assert.Equal(KitInfo.Version, info.KitVersion);
            Assert.Equal(64, info.WeightsSha256.Length);
            using var x = rand(4, 1, 28, 28);
            m.eval(); loaded.eval();
            Assert.True(T.Same(m.forward(x), loaded.forward(x)));
        }
    }

    [Fact]
    public void Corrupt_truncated_or_missing_checkpoints_are_reported_not_loaded()
    {
        using var dir = new TempDir();
        using var m = ModelRegistry.Create("lenet5", Mnist, 3);
        var path = dir.File("model.pt");
        Checkpoint.Save(m, path, new CheckpointInfo { Dataset = "mnist", Seed = 3 });
        var bytes = File.ReadAllBytes(path);

        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("corrupt", Assert.Throws<KitException>(() => Checkpoint.Load(path)).Message);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Assert.Contains("model.pt", Assert.Throws<KitException>(() => Checkpoint.Load(path)).Message);

        File.Delete(Checkpoint.SidecarPath(path));
        Assert.Contains("sidecar not found", Assert.Throws<KitException>(() => Checkpoint.Load(path)).Message);
        Assert.Contains("not found", Assert.Throws<KitException>(() => Checkpoint.Load(dir.File("none.pt"))).Message);
    }
}
