using Kit.Models;
using Kit.Training;

namespace Kit.Export;

/// <summary>
/// Loads a saved model of either kind: a kit model file (starts with the magic "KITM", <see cref="ModelFileReader"/>)
/// or a TorchSharp checkpoint with its JSON sidecar (<see cref="Checkpoint"/>). A folder means its model.pt.
/// `kit inspect`, `kit cost model`, `kit attack` and `kit eval` load through here.
/// </summary>
public static class ModelLoader
{
    /// <summary>DIR → DIR/model.pt; a file path is returned as it is.</summary>
    public static string Resolve(string path) => Directory.Exists(path) ? Path.Combine(path, "model.pt") : path;

    public static bool IsModelFile(string path)
    {
        if (!File.Exists(path)) return false;
        Span<byte> start = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && ModelFileHeader.HasMagic(start);
    }

    /// <summary>The model and what is known of it; torch must be started.</summary>
    public static (KitModel Model, CheckpointInfo Info) Load(string path)
    {
        path = Resolve(path);
        if (IsModelFile(path)) return ModelFileReader.Load(path);
        if (File.Exists(path) && !File.Exists(Checkpoint.SidecarPath(path)))
            throw new KitException($"{path}: neither a kit model file (no 'KITM' magic) nor a checkpoint (no sidecar {Checkpoint.SidecarPath(path)})");
        return Checkpoint.Load(path);
    }

    /// <summary>Loads a saved model of either kind into an existing model of its architecture (e.g. `kit compress --dense`).</summary>
    public static void LoadWeights(KitModel model, string path)
    {
        path = Resolve(path);
        if (IsModelFile(path)) ModelFileReader.LoadInto(model, path);
        else Checkpoint.LoadWeights(model, path);
    }

    /// <summary>What is known of a saved model without building it (a model file's header, or a checkpoint's sidecar).</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        path = Resolve(path);
        if (!IsModelFile(path)) return Checkpoint.ReadInfo(path);
        var h = ModelFileReader.ReadHeader(path);
        return new CheckpointInfo
        {
            Architecture = h.Architecture, Dataset = h.Dataset, Classes = h.Classes, KitVersion = h.KitVersion,
            WeightsFile = Path.GetFileName(path), WeightsSha256 = Kit.IO.AtomicFile.Sha256(path),
        };
    }
}
