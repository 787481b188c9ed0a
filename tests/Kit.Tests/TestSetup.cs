using System.Runtime.CompilerServices;

// Torch's global RNG (weights init) is process-wide: tests that check determinism must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Kit.Tests;

static class TestSetup
{
    // One torch thread in tests: results stay bit-identical and CI is not hit by the OpenMP thread trap.
    [ModuleInitializer]
    internal static void Init()
    {
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
        TorchRuntime.Start(1);
        if (Environment.GetEnvironmentVariable("KIT_GC_STRESS") == "1") GcStress.Start();
    }
}

/// <summary>
/// KIT_GC_STRESS=1: a thread that collects and runs finalizers without pause, so a tensor the code still uses but no
/// longer references (a chained temporary whose native call is in flight) is finalized mid-call at once instead of
/// once in many CI runs (README, "Tensor lifetime"). Foundation/TensorLifetimeTests does this around the helpers
/// that had such temporaries; this switch does it for the whole suite.
/// </summary>
static class GcStress
{
    public static void Start()
    {
        var t = new Thread(() => { while (true) { GC.Collect(); GC.WaitForPendingFinalizers(); } }) { IsBackground = true, Name = "gc-stress" };
        t.Start();
    }
}

/// <summary>A fresh temp folder per test, deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kit-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

public static class T
{
    /// <summary>Same shape and exactly equal elements.</summary>
    public static bool Same(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
