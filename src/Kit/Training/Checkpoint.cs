using System.Text.Json.Nodes;
using Kit.Data;
using Kit.IO;
using Kit.Models;

namespace Kit.Training;

/// <summary>The JSON sidecar of a checkpoint: what made the weights, and the SHA-256 of the weights file.</summary>
public sealed record CheckpointInfo
{
    public string Architecture { get; init; } = "";
    public string Dataset { get; init; } = "";
    public int[]? Classes { get; init; }
    public long Seed { get; init; }
    public string KitVersion { get; init; } = KitInfo.Version;
    public string WeightsFile { get; init; } = "";
    public string WeightsSha256 { get; init; } = "";
    public JsonNode? Spec { get; init; }
    public JsonNode? Metrics { get; init; }
    public MachineInfo? Machine { get; init; }
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// Checkpoint = `NAME.pt` (TorchSharp state dict) + `NAME.json` (sidecar). Both are written atomically
/// (temp file, flush, rename), the sidecar last, so a sidecar always describes a complete weights file.
/// Loading checks the hash and the architecture, and names the file on any problem.
/// </summary>
public static class Checkpoint
{
    public static string SidecarPath(string weightsPath) => Path.ChangeExtension(weightsPath, ".json");

    public static CheckpointInfo Save(KitModel model, string weightsPath, CheckpointInfo info)
    {
        var tmp = AtomicFile.TempPathFor(weightsPath);
        try
        {
            model.save(tmp);
            AtomicFile.Publish(tmp, weightsPath);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
        var full = info with
        {
            Architecture = model.Architecture,
            WeightsFile = Path.GetFileName(weightsPath),
            WeightsSha256 = AtomicFile.Sha256(weightsPath),
            KitVersion = KitInfo.Version,
            Machine = info.Machine ?? KitInfo.Machine(),
        };
        AtomicFile.WriteAllText(SidecarPath(weightsPath), Json.Serialize(full));
        return full;
    }

    public static CheckpointInfo ReadInfo(string weightsPath)
    {
        var sidecar = SidecarPath(weightsPath);
        if (!File.Exists(weightsPath)) throw new KitException($"{weightsPath}: checkpoint not found");
        if (!File.Exists(sidecar)) throw new KitException($"{sidecar}: checkpoint sidecar not found (needed to know the architecture and verify the weights)");
        var info = Json.ReadFile<CheckpointInfo>(sidecar, strict: false);
        var sha = AtomicFile.Sha256(weightsPath);
        if (!string.Equals(sha, info.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"{weightsPath}: corrupt or modified checkpoint (SHA-256 {sha[..12]}... does not match the sidecar's {Short(info.WeightsSha256)})");
        return info;
    }

    /// <summary>Creates the architecture named in the sidecar and loads the verified weights into it.</summary>
    public static (KitModel model, CheckpointInfo info) Load(string weightsPath, string? dataDir = null)
    {
        var info = ReadInfo(weightsPath);
        var model = ModelRegistry.Create(info.Architecture, DatasetRegistry.Info(info.Dataset, info.Classes), info.Seed);
        LoadWeights(model, weightsPath);
        return (model, info);
    }

    public static void LoadWeights(KitModel model, string weightsPath)
    {
        try { model.load(weightsPath, strict: true); }
        catch (Exception e) when (e is not KitException)
        {
            model.Dispose();
            throw new KitException($"{weightsPath}: cannot load weights into {model.Architecture} ({e.Message.Split('\n')[0]})");
        }
    }

    static string Short(string s) => string.IsNullOrEmpty(s) ? "(none)" : s[..Math.Min(12, s.Length)] + "...";
}
