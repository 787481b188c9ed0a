using System.Text.Json.Nodes;

namespace Kit.Study;

/// <summary>Reads a study's published runs from a results folder: the verdict's only input, so every number in it comes from committed files.</summary>
public static class VerdictSource
{
    /// <summary>Runs of <paramref name="study"/> (folders named `STUDY-...-seedS` with result.json and cost.json) and each dataset's mean dense accuracy.</summary>
    public static (List<StudyRun> Runs, Dictionary<string, double> Dense) Read(string resultsDir, string study)
    {
        if (!Directory.Exists(resultsDir)) throw new KitException($"{resultsDir}: no such results folder");
        var runs = new List<StudyRun>();
        var dense = new Dictionary<string, List<double>>();
        foreach (var dir in Directory.EnumerateDirectories(resultsDir, study + "-*").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (name.StartsWith('.')) continue;
            // Relative to the working directory (the repo root for `kit study verdict`): the CSV names repo-relative folders.
            string shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), dir).Replace('\\', '/');
            if (File.Exists(Path.Combine(dir, "metrics.json")))
            {
                var m = Parse(Path.Combine(dir, "metrics.json"));
                string ds = m["spec"]?["data"]?["dataset"]?.GetValue<string>() ?? throw new KitException($"{dir}/metrics.json: no spec.data.dataset");
                (dense.TryGetValue(ds, out var l) ? l : dense[ds] = []).Add(Number(m, "test_accuracy", dir));
                continue;
            }
            if (!File.Exists(Path.Combine(dir, "result.json"))) continue;
            var r = Parse(Path.Combine(dir, "result.json"));
            string costFile = Path.Combine(dir, "cost.json");
            if (!File.Exists(costFile)) throw new KitException($"{dir}: result.json without cost.json (publish runs with `kit study run`)");
            var (format, bits) = Cheapest(Parse(costFile), costFile);
            var spec = r["spec"]!;
            runs.Add(new StudyRun(
                shown, spec["name"]!.GetValue<string>(), spec["data"]!["dataset"]!.GetValue<string>(),
                spec["prune"]?["scheme"]?.GetValue<string>() ?? spec["start"]?["scheme"]?.GetValue<string>() ?? "none",
                spec["prune"]?["method"]?.GetValue<string>() ?? spec["start"]?["method"]?.GetValue<string>() ?? "none",
                Number(r, "overall_rate", dir), (int)Number(r, "bits", dir), spec["seed"]!.GetValue<long>(),
                Number(r, "accuracy", dir), bits, format));
        }
        return (runs, dense.ToDictionary(kv => kv.Key, kv => kv.Value.Average()));
    }

    /// <summary>The cheapest exact format of a cost report: every computed format's total, structured with its coupled kept sets.</summary>
    static (string Format, long Bits) Cheapest(JsonNode cost, string file)
    {
        var total = cost["storage"]?["total"]?.AsObject() ?? throw new KitException($"{file}: no storage.total");
        var options = total.Where(kv => kv.Value is JsonObject o && o["total_bits"] is not null && kv.Key != "structured")
            .Select(kv => (kv.Key, kv.Value!["total_bits"]!.GetValue<long>())).ToList();
        if (total["structured_bits"] is { } s) options.Add(("structured", s.GetValue<long>()));
        if (options.Count == 0) throw new KitException($"{file}: no format totals");
        return options.MinBy(o => o.Item2);
    }

    static JsonNode Parse(string file)
    {
        try { return JsonNode.Parse(File.ReadAllText(file)) ?? throw new KitException($"{file}: empty"); }
        catch (System.Text.Json.JsonException e) { throw new KitException($"{file}: not valid JSON ({e.Message})"); }
    }

    static double Number(JsonNode n, string field, string dir) =>
        n[field]?.GetValue<double>() ?? throw new KitException($"{dir}: no {field}");
}
