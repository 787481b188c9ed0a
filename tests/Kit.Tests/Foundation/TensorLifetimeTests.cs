using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using Kit.Transfer;
using static TorchSharp.torch;

namespace Kit.Tests.Foundation;

/// <summary>
/// TorchSharp reads a tensor's native handle and then calls into libtorch without keeping the managed object alive,
/// so the temporary of a chain like <c>w.detach().reshape(...)</c> can be finalized (its native tensor freed) while
/// libtorch still reads it: a rare segfault that took down whole test runs. The kit's tensor helpers keep every
/// temporary in a dispose scope. Here helpers that had such temporaries run many times while another thread collects
/// and finalizes without pause; on the code before the fix this crashed the test host within seconds.
/// </summary>
public class TensorLifetimeTests
{
    static void UnderGcStress(int rounds, Action body)
    {
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        }) { IsBackground = true, Name = "gc-stress" };
        collector.Start();
        try { for (int i = 0; i < rounds; i++) body(); }
        finally { stop.Cancel(); collector.Join(); }
    }

    [Fact]
    public void Mask_hooks_transfer_masks_and_snapshots_survive_concurrent_finalization()
    {
        using var model = ModelRegistry.Create("lenet5", TorchFixture.Info, 1);
        var conv1 = model.Layer("conv1");
        using var mask = (rand(conv1.Weight.shape) > 0.5).to(float32);
        using var hook = new MaskHook();
        // Many cheap calls: the window is one native call, so the count of calls is what finds it.
        UnderGcStress(100_000, () => hook.Prune(conv1, mask));
        UnderGcStress(300, () =>
        {
            foreach (var m in TransferMasks.From(model, model).Values) m.Dispose();
            foreach (var t in Trainer.Snapshot(model).Values) t.Dispose();
        });
        using var zeros = conv1.Weight.eq(0);
        using var pruned = mask.eq(0);
        Assert.True(T.Same(zeros.logical_or(pruned), zeros), "every weight outside the mask is 0");
    }
}
