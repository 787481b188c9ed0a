using System.Text.Json.Nodes;

namespace Kit.Study;

/// <summary>What the verdict reads: the compressed runs, each dataset's mean dense accuracy, and the cpu.json times of the dense runs.</summary>
public sealed record VerdictInput(List<StudyRun> Runs, Dictionary<string, double> Dense, Dictionary<string, List<RunCpu>> DenseCpu);

/// <summary>Reads a study's published runs from a results folder: the verdict's only input, so every number in it comes from committed files.</summary>
public static class VerdictSource
{
    public static (List<StudyRun> Runs, Dictionary<string, double> Dense) Read(string resultsDir, string study)
    {
        var input = ReadAll(resultsDir, study, readCpu: true);
        return (input.Runs, input.Dense);
    }

    /// <summary>
    /// Runs of <paramref name="study"/> (folders named `STUDY-...-seedS`) and each dataset's mean dense accuracy. The
    /// compressed runs are read by <see cref="Kit.Experiments.ResultMerge"/> (checksums verified, scheme and method of
    /// a quantize-only run taken from its `start`), each with the cost.json published beside it and, when
    /// <paramref name="readCpu"/>, the cpu.json `kit study bench` wrote there (dense runs too).
    /// </summary>
    public static VerdictInput ReadAll(string resultsDir, string study, bool readCpu)
    {
        if (!Directory.Exists(resultsDir)) throw new KitException($"{resultsDir}: no such results folder");
        var folders = Directory.EnumerateDirectories(resultsDir, study + "-*").Where(d => !Path.GetFileName(d).StartsWith('.')).ToList();
        var dense = new Dictionary<string, List<double>>();
        var denseCpu = new Dictionary<string, List<RunCpu>>();
        foreach (var dir in folders.Where(d => File.Exists(Path.Combine(d, "metrics.json"))))
        {
            var m = Kit.IO.Json.ReadNode(Path.Combine(dir, "metrics.json"));
            string ds = m["spec"]?["data"]?["dataset"]?.GetValue<string>() ?? throw new KitException($"{dir}/metrics.json: no spec.data.dataset");
            (dense.TryGetValue(ds, out var l) ? l : dense[ds] = []).Add(Number(m, "test_accuracy", dir));
            if (readCpu && VerdictCpu.Read(dir) is { } cpu) (denseCpu.TryGetValue(ds, out var c) ? c : denseCpu[ds] = []).Add(cpu);
        }
        var mine = folders.Select(Path.GetFullPath).ToHashSet();
        var merged = Kit.Experiments.ResultMerge.Merge([resultsDir]);
        if (merged.Corrupt.Count > 0) throw new KitException($"{resultsDir}: corrupt results: {string.Join("; ", merged.Corrupt)}");
        var runs = new List<StudyRun>();
        foreach (var r in merged.Rows.Where(r => mine.Contains(Path.GetFullPath(r.Folder))).OrderBy(r => r.Folder, StringComparer.Ordinal))
        {
            string costFile = Path.Combine(r.Folder, "cost.json");
            if (!File.Exists(costFile)) throw new KitException($"{r.Folder}: result.json without cost.json (publish runs with `kit study run`)");
            var cost = Kit.IO.Json.ReadNode(costFile);
            var (format, bits) = Cheapest(cost, costFile);
            var (illustrativeCpu, illustrativeAccelerator) = VerdictCpu.Illustrative(cost, r.Scheme, r.Bits, costFile);
            // Relative to the working directory (the repo root for `kit study verdict`): the CSV names repo-relative folders.
            string shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), r.Folder).Replace('\\', '/');
            runs.Add(new StudyRun(shown, r.Name, r.Dataset, r.Scheme, r.Method, r.OverallRate, r.Bits, r.Seed, r.Accuracy, bits, format,
                readCpu ? VerdictCpu.Read(r.Folder) : null, illustrativeCpu, illustrativeAccelerator));
        }
        return new VerdictInput(runs, dense.ToDictionary(kv => kv.Key, kv => kv.Value.Average()), denseCpu);
    }

    /// <summary>The cheapest exact format of a cost report: every computed format's total, structured with its coupled kept sets.</summary>
    public static (string Format, long Bits) Cheapest(JsonNode cost, string file)
    {
        var total = cost["storage"]?["total"]?.AsObject() ?? throw new KitException($"{file}: no storage.total");
        var options = total.Where(kv => kv.Value is JsonObject o && o["total_bits"] is not null && kv.Key != "structured")
            .Select(kv => (kv.Key, kv.Value!["total_bits"]!.GetValue<long>())).ToList();
        if (total["structured_bits"] is { } s) options.Add(("structured", s.GetValue<long>()));
        if (options.Count == 0) throw new KitException($"{file}: no format totals");
        return options.MinBy(o => o.Item2);
    }

    static double Number(JsonNode n, string field, string dir) =>
        n[field]?.GetValue<double>() ?? throw new KitException($"{dir}: no {field}");
}
