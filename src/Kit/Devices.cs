using System.Text.Json.Serialization;
using TorchSharp;

namespace Kit;

/// <summary>Where a spec may run: `auto` (CUDA when libtorch has it, else CPU), `cpu`, or `cuda` (an error without CUDA).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceChoice>))]
public enum DeviceChoice
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("cpu")] Cpu,
    [JsonStringEnumMemberName("cuda")] Cuda,
}

/// <summary>
/// Resolves a spec's device once per run; the name ("cpu" or "cuda") is recorded in every result. Results are
/// bit-identical only on one device (and thread count): GPU kernels sum in other orders than CPU ones.
/// </summary>
internal static class Devices
{
    /// <summary>Whether libtorch can use a GPU; replaceable so the choice itself is testable on CPU-only machines.</summary>
    public static Func<bool> CudaAvailable { get; set; } = () => torch.cuda.is_available();

    public static string Resolve(DeviceChoice choice, string field = "device") => choice switch
    {
        DeviceChoice.Cpu => "cpu",
        DeviceChoice.Auto => CudaAvailable() ? "cuda" : "cpu",
        _ => CudaAvailable() ? "cuda"
            : throw new KitException($"{field}: cuda requested, but torch.cuda.is_available() is false here (CPU-only libtorch or no visible GPU); use \"auto\" or \"cpu\""),
    };

    /// <summary>The device a model's parameters live on (batches are moved there).</summary>
    public static torch.Device Of(torch.nn.Module model) => model.parameters().FirstOrDefault()?.device ?? torch.CPU;
}
