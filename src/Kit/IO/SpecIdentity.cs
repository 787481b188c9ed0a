using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.IO;

/// <summary>
/// The identity of an experiment: SHA-256 of its canonical JSON (keys sorted at every level) without the fields
/// that say where or how fast it ran (`data_dir`, `threads`, `device`; a run's `stage_cache` folder), so the same
/// experiment run by two machines, shards or thread counts has one hash. `kit merge` finds duplicates and missing entries by it;
/// the checkpoint journal uses it to refuse resuming another run.
/// </summary>
internal static class SpecIdentity
{
    static readonly HashSet<string> Excluded = ["data_dir", "threads", "device", "stage_cache"];

    public static string CanonicalJson(JsonNode? node) => Canonical(node)?.ToJsonString() ?? "null";

    public static string Hash<T>(T spec) => Sha(CanonicalJson(spec is JsonNode n ? n : Json.ToNode(spec)));

    static string Sha(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    static JsonNode? Canonical(JsonNode? n) => n switch
    {
        JsonObject o => new JsonObject(o.Where(p => !Excluded.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => n.DeepClone(),
    };
}
