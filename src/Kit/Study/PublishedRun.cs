using System.Text.Json.Nodes;
using Kit.IO;

namespace Kit.Study;

/// <summary>A run folder of a study's results: its name, its record (result.json, or metrics.json for a dense run) and the bits of its model (32 = float).</summary>
public sealed record PublishedRun(string Folder, string Name, bool Dense, int Bits, JsonNode Record)
{
    public string RecordFile => Path.Combine(Folder, Dense ? "metrics.json" : "result.json");

    public double Accuracy => (Dense ? Record["test_accuracy"] : Record["accuracy"])?.GetValue<double>()
        ?? throw new KitException($"{RecordFile}: no {(Dense ? "test_accuracy" : "accuracy")}");

    /// <summary>Every published run under <paramref name="resultsDir"/> in name order (dot folders are unfinished publishes); records checked against their .sha256.</summary>
    public static List<PublishedRun> All(string resultsDir)
    {
        if (!Directory.Exists(resultsDir)) throw new KitException($"{resultsDir}: no such results folder");
        var runs = new List<PublishedRun>();
        foreach (var dir in Directory.EnumerateDirectories(resultsDir).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
            if (TryRead(dir) is { } run) runs.Add(run);
        return runs;
    }

    /// <summary>The run in <paramref name="dir"/>, or null when it holds neither result.json nor metrics.json; the record is checked against its .sha256.</summary>
    public static PublishedRun? TryRead(string dir)
    {
        string result = Path.Combine(dir, "result.json"), metrics = Path.Combine(dir, "metrics.json");
        bool dense = !File.Exists(result);
        string file = dense ? metrics : result;
        if (!File.Exists(file)) return null;
        AtomicFile.VerifyChecksum(file);
        var record = Kit.IO.Json.ReadNode(file);
        int bits = dense ? 32 : record["bits"]?.GetValue<int>() ?? throw new KitException($"{file}: no bits");
        return new PublishedRun(dir, Path.GetFileName(dir), dense, bits, record);
    }
}
