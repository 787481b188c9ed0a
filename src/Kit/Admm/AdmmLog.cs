using Kit.IO;

namespace Kit.Admm;

/// <summary>One layer's entries of an ADMM log, in the order they were written (phase by phase, step by step).</summary>
public sealed record AdmmLayerTrace(string Layer, IReadOnlyList<AdmmLogEntry> Entries)
{
    public double[] Primal => Entries.Select(e => e.PrimalResidual).ToArray();
    public double[] Dual => Entries.Select(e => e.DualResidual).ToArray();
    public double[] Rho => Entries.Select(e => e.Rho).ToArray();
    /// <summary>"phase step N" per entry, for hover text and tables.</summary>
    public string[] Labels => Entries.Select(e => $"{e.Phase} step {e.Step}").ToArray();
}

/// <summary>
/// The whole ADMM log of one compression run (what `kit compress` writes to admm_log.json), as one value a
/// notebook can display and a formatter can recognise (a bare List&lt;AdmmLogEntry&gt; would be ambiguous).
/// </summary>
public sealed record AdmmLog(IReadOnlyList<AdmmLogEntry> Entries, string? Source = null)
{
    public const string FileName = "admm_log.json";

    /// <summary>Reads admm_log.json, given the file or the run folder that holds it.</summary>
    public static AdmmLog Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new KitException($"{file}: no ADMM log (kit compress writes {FileName} next to result.json)");
        // Not strict: logs written by older kit versions may carry fewer or extra fields.
        var entries = Json.ReadFile<List<AdmmLogEntry>>(file, strict: false);
        return new AdmmLog(entries, file);
    }

    /// <summary>Phases in order of first appearance ("prune admm", "prune 2/3 admm", "quantize admm", ...).</summary>
    public IReadOnlyList<string> Phases => Entries.Select(e => e.Phase).Distinct().ToList();

    /// <summary>Layers in order of first appearance.</summary>
    public IReadOnlyList<string> Layers => Entries.Select(e => e.Layer).Distinct().ToList();

    /// <summary>One trace per layer; within a layer, entries keep the log's order (phases in sequence, steps ascending).</summary>
    public IReadOnlyList<AdmmLayerTrace> PerLayer() =>
        Layers.Select(l => new AdmmLayerTrace(l, Entries.Where(e => e.Layer == l).ToList())).ToList();

    /// <summary>Only the entries of phases whose name starts with <paramref name="prefix"/> (e.g. "prune" or "quantize").</summary>
    public AdmmLog Only(string prefix) => this with { Entries = Entries.Where(e => e.Phase.StartsWith(prefix, StringComparison.Ordinal)).ToList() };
}
