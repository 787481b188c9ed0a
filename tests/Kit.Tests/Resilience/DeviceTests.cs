namespace Kit.Tests.Resilience;

/// <summary>The device choice: auto takes CUDA only when libtorch reports it, cuda without it is a clear error.</summary>
public class DeviceTests
{
    [Fact]
    public void Auto_picks_cuda_only_when_available_and_cuda_without_it_is_an_error()
    {
        var real = Devices.CudaAvailable;
        try
        {
            Devices.CudaAvailable = () => true;
            Assert.Equal("cuda", Devices.Resolve(DeviceChoice.Auto));
            Assert.Equal("cuda", Devices.Resolve(DeviceChoice.Cuda));
            Assert.Equal("cpu", Devices.Resolve(DeviceChoice.Cpu));
            Devices.CudaAvailable = () => false;
            Assert.Equal("cpu", Devices.Resolve(DeviceChoice.Auto));
            var e = Assert.Throws<KitException>(() => Devices.Resolve(DeviceChoice.Cuda, "source.device"));
            Assert.StartsWith("source.device: cuda requested", e.Message);
        }
        finally { Devices.CudaAvailable = real; }
    }

    [Fact]
    public void Train_records_the_device_it_ran_on()
    {
        using var d = new TempDir();
        var (code, _, stderr) = CliRun.Run("train", "--epochs", "1", "--train-limit", "128", "--validation", "500", "--batch-size", "32",
            "--threads", "1", "--device", "cpu", "--out", d.Path);
        Assert.True(code == 0, stderr);
        Assert.Equal("cpu", (string?)TinyRuns.ReadJson(d.File("metrics.json"))["device"]);
        Assert.Equal("cpu", (string?)TinyRuns.ReadJson(d.File("metrics.json"))["spec"]!["device"]); // asked for explicitly, so recorded in the spec too
        Assert.True(Kit.IO.AtomicFile.VerifyChecksum(d.File("metrics.json")));
    }
}
