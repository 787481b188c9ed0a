using Kit.Export;
using Kit.IO;
using Kit.Models;
using Kit.Training;

namespace Kit.Study;

/// <summary>
/// `model.kitm.json` beside a published run's `model.kitm`: which format and b the file uses and why (every format's
/// cost-model bits), its size and SHA-256, and the float32 checkpoint it was exported from.
/// </summary>
public sealed record RunModelRecord
{
    public string File { get; init; } = RunModelFile.FileName;
    /// <summary>The storage format with the fewest cost-model bits among those that hold the model exactly.</summary>
    public string Format { get; init; } = "";
    /// <summary>Bits per value code in the file: 32 = raw float32 (an unquantized model).</summary>
    public int Bits { get; init; }
    public long FileBytes { get; init; }
    /// <summary>What `kit cost model --bits B --format F` counts for the file's b and format (the file adds the overhead of docs/model-files.md).</summary>
    public long CostModelBits { get; init; }
    public string Sha256 { get; init; } = "";
    /// <summary>Size of the checkpoint (`model.pt`, TorchSharp float32 state dict) the file was exported from.</summary>
    public long PtBytes { get; init; }
    /// <summary>SHA-256 of that checkpoint: the `dense_sha256` its children's result.json record.</summary>
    public string PtSha256 { get; init; } = "";
    /// <summary>Every format's (b, cost-model bits); null where the format cannot hold the model.</summary>
    public SortedDictionary<string, FormatCandidate?> Candidates { get; init; } = new(StringComparer.Ordinal);
}

public sealed record FormatCandidate(int Bits, long CostModelBits);

/// <summary>
/// A published run's final model as a compressed model file (docs/model-files.md), so `results/` holds every model of
/// the study and a fresh clone needs no checkpoint: the file in the cheapest exact format by the cost model, its
/// record, and the way back to a checkpoint with bit-identical weights.
/// </summary>
public static class RunModelFile
{
    public const string FileName = "model.kitm";
    public const string RecordName = "model.kitm.json";

    /// <summary>
    /// Exports <paramref name="model"/> in every format and keeps the one with the fewest cost-model bits (ties: the
    /// smaller file, then the name). <paramref name="quantized"/> false stores raw float32 values (b = 32); true lets
    /// each format take the smallest b that holds the model's levels exactly (with its zero code where it needs one).
    /// </summary>
    public static (byte[] Bytes, RunModelRecord Record) Cheapest(KitModel model, CheckpointInfo source, bool quantized)
    {
        var candidates = new SortedDictionary<string, FormatCandidate?>(StringComparer.Ordinal);
        (byte[] Bytes, ExportReport Report)? best = null;
        foreach (var codec in LayerCodecs.All)
        {
            (byte[] Bytes, ExportReport Report) e;
            try { e = ModelFileWriter.Encode(model, source, codec.Name, quantized ? null : ValueCodes.RawBits); }
            catch (KitException) { candidates[codec.Name] = null; continue; } // e.g. N:M on a mask with fuller groups
            candidates[codec.Name] = new FormatCandidate(e.Report.Bits, e.Report.CostModelBits);
            if (best is not { } b || (e.Report.CostModelBits, e.Report.FileBytes).CompareTo((b.Report.CostModelBits, b.Report.FileBytes)) < 0) best = e;
        }
        // Dense holds any model, so there is always a best.
        var (bytes, report) = best!.Value;
        return (bytes, new RunModelRecord
        {
            Format = report.Format, Bits = report.Bits, FileBytes = report.FileBytes, CostModelBits = report.CostModelBits,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Candidates = candidates,
        });
    }

    /// <summary>Exports the checkpoint <paramref name="checkpoint"/> into <paramref name="folder"/> as <paramref name="fileName"/> (then its record FILE.json; each atomic).</summary>
    public static RunModelRecord WriteFrom(string checkpoint, string folder, bool quantized, string fileName = FileName)
    {
        var (model, info) = Checkpoint.Load(checkpoint);
        (byte[] Bytes, RunModelRecord Record) e;
        using (model) e = Cheapest(model, info, quantized);
        var record = e.Record with { File = fileName, PtBytes = new FileInfo(checkpoint).Length, PtSha256 = AtomicFile.Sha256(checkpoint) };
        Write(folder, e.Bytes, record);
        return record;
    }

    /// <summary>The model file (named by the record) first, the record last: a record always describes a complete file.</summary>
    public static void Write(string folder, byte[] bytes, RunModelRecord record)
    {
        AtomicFile.WriteAllBytes(Path.Combine(folder, record.File), bytes);
        AtomicFile.WriteAllText(Path.Combine(folder, record.File + ".json"), Json.Serialize(record) + "\n");
    }

    public static bool Exists(string folder) => System.IO.File.Exists(Path.Combine(folder, FileName)) && System.IO.File.Exists(Path.Combine(folder, RecordName));

    /// <summary>The record, checked against the file it describes (size and SHA-256); errors name the file.</summary>
    public static RunModelRecord Read(string folder)
    {
        string file = Path.Combine(folder, FileName), recordFile = Path.Combine(folder, RecordName);
        if (!System.IO.File.Exists(recordFile)) throw new KitException($"{recordFile}: not found (export the run's model with `kit study backfill-models`)");
        var record = Json.ReadFile<RunModelRecord>(recordFile, strict: false);
        if (!System.IO.File.Exists(file)) throw new KitException($"{file}: not found, but {RecordName} describes it");
        string sha = AtomicFile.Sha256(file);
        if (sha != record.Sha256 || new FileInfo(file).Length != record.FileBytes)
            throw new KitException($"{file}: SHA-256 {sha[..12]}... or size does not match {RecordName} (run `kit study recost` to refresh the record from the file)");
        return record;
    }

    /// <summary>
    /// Writes <paramref name="checkpoint"/> (model.pt + sidecar) from a published run's model file: weights
    /// bit-identical to the checkpoint it was exported from; the sidecar takes the run's spec from its spec.json.
    /// </summary>
    public static void Restore(string folder, string checkpoint)
    {
        string file = Path.Combine(folder, FileName), specFile = Path.Combine(folder, "spec.json");
        Read(folder);
        if (!System.IO.File.Exists(specFile)) throw new KitException($"{specFile}: not found (a published run keeps the spec it ran)");
        var spec = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(specFile));
        var (model, info) = ModelFileReader.Load(file);
        using (model)
            Checkpoint.Save(model, checkpoint, info with
            {
                Seed = spec?["seed"]?.GetValue<long>() ?? 0, Spec = spec,
                Metrics = new System.Text.Json.Nodes.JsonObject { ["restored_from"] = Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/') },
            });
    }
}
