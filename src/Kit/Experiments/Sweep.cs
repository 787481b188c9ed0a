using Kit.IO;
using Kit.Pruning;

namespace Kit.Experiments;

/// <summary>
/// A sweep file (JSON, read strictly): explicit spec files and/or a grid over schemes x rates x bits x seeds
/// applied to a base spec. Paths are relative to the sweep file.
/// <code>
/// { "name": "mnist-schemes", "quick": false,
///   "specs": ["../specs/lenet5-mnist-irregular-100x-magnitude.json"],
///   "grid": { "base": "../specs/lenet5-mnist-irregular-100x-3bit.json",
///             "schemes": ["irregular", "filter_column"], "rates": [10, 100], "bits": [32, 3], "seeds": [1, 2] } }
/// </code>
/// A grid rate replaces the base's steps by one step at that rate; bits 32 drops quantization (float weights),
/// other bits set quantize.bits (the base must have a quantize block); an axis left out keeps the base's value.
/// </summary>
public sealed record SweepFile
{
    public string Name { get; init; } = "";
    public bool Quick { get; init; }
    public List<string>? Specs { get; init; }
    public SweepGrid? Grid { get; init; }
}

public sealed record SweepGrid
{
    public string Base { get; init; } = "";
    public List<PruningScheme>? Schemes { get; init; }
    public List<double>? Rates { get; init; }
    public List<int>? Bits { get; init; }
    public List<long>? Seeds { get; init; }
}

/// <summary>One experiment of a sweep: its position, its spec as it runs, its identity and its output folder name.</summary>
public sealed record SweepEntry(int Index, string Name, CompressionSpec Spec, string SpecSha256, bool Quick = false)
{
    /// <summary>Named by identity, not position, so editing the sweep file never points a folder at another experiment.</summary>
    public string Folder => $"{Name}-{SpecSha256[..10]}";

    /// <summary>Round-robin: entry i belongs to shard i mod N (neighbouring grid points, of similar cost, land on different shards).</summary>
    public int Shard(int count) => Index % count;
}

public static class Sweep
{
    /// <summary>Reads, expands and validates a whole sweep (every shard sees the same list, so all of them fail on the same bad entry).</summary>
    public static List<SweepEntry> Load(string path, bool quick = false)
    {
        var file = Json.ReadFile<SweepFile>(path, strict: true);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (string.IsNullOrWhiteSpace(file.Name)) throw new KitException($"{path}: name must be a non-empty string");
        if ((file.Specs?.Count ?? 0) == 0 && file.Grid is null) throw new KitException($"{path}: give \"specs\" (spec files) and/or a \"grid\"");
        var specs = new List<(string name, CompressionSpec spec, string where)>();
        for (int i = 0; i < (file.Specs?.Count ?? 0); i++)
        {
            var p = file.Specs![i] ?? throw new KitException($"{path}: specs[{i}] is null");
            var spec = ReadSpec(Path.Combine(dir, p), $"{path}: specs[{i}]");
            specs.Add((spec.Name, spec, $"specs[{i}] ({p})"));
        }
        if (file.Grid is { } g) specs.AddRange(Expand(g, dir, path, file.Name));

        var entries = new List<SweepEntry>();
        var seen = new Dictionary<string, string>();
        foreach (var (name, raw, where) in specs)
        {
            var spec = quick || file.Quick ? raw.AsQuick() : raw;
            try { spec.Validate(); }
            catch (KitException e) { throw new KitException($"{path}: {where}: {e.Message}"); }
            var hash = SpecIdentity.Hash(spec);
            if (seen.TryGetValue(hash, out var first))
                throw new KitException($"{path}: {where} is the same experiment as {first} (spec hash {hash[..12]}...)");
            seen[hash] = where;
            entries.Add(new SweepEntry(entries.Count, name, spec, hash, quick || file.Quick));
        }
        return entries;
    }

    /// <summary>Parses `I/N` (0 &lt;= I &lt; N): Slurm's SLURM_ARRAY_TASK_ID with --array=0-(N-1), Kubernetes' JOB_COMPLETION_INDEX, GNU parallel's {%}-1.</summary>
    public static (int index, int count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var i) || !int.TryParse(parts[1], out var n) || n < 1 || i < 0 || i >= n)
            throw new KitException($"--shard: expected I/N with 0 <= I < N (e.g. 0/4), got '{text}'");
        return (i, n);
    }

    static CompressionSpec ReadSpec(string file, string where)
    {
        if (!File.Exists(file)) throw new KitException($"{where}: spec file {file} not found");
        return Json.ReadFile<CompressionSpec>(file, strict: true);
    }

    static IEnumerable<(string, CompressionSpec, string)> Expand(SweepGrid g, string dir, string path, string sweepName)
    {
        if (string.IsNullOrWhiteSpace(g.Base)) throw new KitException($"{path}: grid.base must name a spec file");
        var b = ReadSpec(Path.Combine(dir, g.Base), $"{path}: grid.base");
        if (g.Rates is not null && b.Prune is null) throw new KitException($"{path}: grid.rates needs a base spec with a prune block ({g.Base} has none)");
        if (g.Schemes is not null && b.Prune is null) throw new KitException($"{path}: grid.schemes needs a base spec with a prune block ({g.Base} has none)");
        if (g.Bits?.Any(x => x != 32) == true && b.Quantize is null)
            throw new KitException($"{path}: grid.bits other than 32 need a base spec with a quantize block ({g.Base} has none)");
        foreach (var (axis, count) in new[] { ("schemes", g.Schemes?.Count), ("rates", g.Rates?.Count), ("bits", g.Bits?.Count), ("seeds", g.Seeds?.Count) })
            if (count == 0) throw new KitException($"{path}: grid.{axis} is empty (leave it out to keep the base's value)");
        var schemes = g.Schemes?.Select(s => (PruningScheme?)s).ToList() ?? [null];
        var rates = g.Rates?.Select(r => (double?)r).ToList() ?? [null];
        var bits = g.Bits?.Select(x => (int?)x).ToList() ?? [null];
        var seeds = g.Seeds?.Select(s => (long?)s).ToList() ?? [null];
        foreach (var scheme in schemes)
        foreach (var rate in rates)
        foreach (var bw in bits)
        foreach (var seed in seeds)
        {
            var s = b;
            var tags = new List<string>();
            if (scheme is { } sc) { s = s with { Prune = s.Prune! with { Scheme = sc } }; tags.Add(sc.Name); }
            if (rate is { } r)
            {
                var last = s.Prune!.Steps.Count > 0 ? s.Prune.Steps[^1] : new PruneStepSpec();
                s = s with { Prune = s.Prune with { Steps = [last with { Rate = r, Layers = null }] } };
                tags.Add($"{r:G}x");
            }
            if (bw is { } x)
            {
                s = x == 32 ? s with { Quantize = null } : s with { Quantize = s.Quantize! with { Bits = x, LayerBits = null } };
                tags.Add(x == 32 ? "float" : $"{x}bit");
            }
            if (seed is { } sd) { s = s with { Seed = sd }; tags.Add($"s{sd}"); }
            var name = string.Join("-", [sweepName, .. tags]);
            yield return (name, s with { Name = name }, $"grid point {name}");
        }
    }
}
