using System.Text.Json.Nodes;
using Kit.Study;

namespace Kit.Research.Claims;

/// <summary>
/// What a committed run's cost.json (written when `kit study run` published it, from the run's real model) says about its
/// storage and modelled compute: the cheapest exact format and its bits (as `kit study verdict` counts them), the
/// relative-index width k per layer, and the compute model's time per image under the built-in profiles (illustrative).
/// Averaged over an experiment's seeds by <see cref="Mean"/>.
/// </summary>
public sealed record CommittedCost(double StoredBits, string Format, double? CpuUs, double? AcceleratorUs, IReadOnlyDictionary<string, int> RelativeK, string File)
{
    public const string FileName = "cost.json";

    /// <summary>The run folder's cost.json, or null when it has none (runs published outside the study).</summary>
    public static CommittedCost? Read(string folder, string scheme, int bits)
    {
        string file = Path.Combine(folder, FileName);
        if (!System.IO.File.Exists(file)) return null;
        var cost = Kit.IO.Json.ReadNode(file);
        var (format, stored) = VerdictSource.Cheapest(cost, file);
        var (cpu, accelerator) = VerdictCpu.Illustrative(cost, scheme, bits, file);
        var k = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in cost["storage"]?["layers"]?.AsArray() ?? [])
            if (layer?["name"]?.GetValue<string>() is string name && layer["relative"]?["index_bits"]?.GetValue<int>() is int bitsK) k[name] = bitsK;
        return new CommittedCost(stored, format, cpu, accelerator, k, file);
    }

    /// <summary>The seeds' mean; null unless every seed has a cost.json (a mean over part of the seeds would mislabel what it covers).</summary>
    public static CommittedCost? Mean(IReadOnlyList<CommittedCost?> seeds)
    {
        if (seeds.Count == 0 || seeds.Any(s => s is null)) return null;
        var all = seeds.Select(s => s!).ToList();
        double? MeanOf(Func<CommittedCost, double?> f) => all.All(s => f(s) is not null) ? all.Average(s => f(s)!.Value) : null;
        string format = all.GroupBy(s => s.Format).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return new CommittedCost(all.Average(s => s.StoredBits), format, MeanOf(s => s.CpuUs), MeanOf(s => s.AcceleratorUs), all[0].RelativeK, all[0].File);
    }
}
