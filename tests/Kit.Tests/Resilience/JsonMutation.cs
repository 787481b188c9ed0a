using System.Text.Json.Nodes;

namespace Kit.Tests.Resilience;

/// <summary>
/// Malformed variants of a valid JSON document, for property tests: drop or rename a field, give a value the
/// wrong type or an out-of-range number, or cut the text short. Every node of the document can be the target.
/// </summary>
public static class JsonMutation
{
    public enum Kind { Drop, Rename, WrongType, OutOfRange, Truncate }

    /// <summary>Replacement values: each is the wrong type or out of range somewhere.</summary>
    public static readonly JsonNode?[] Values =
    [
        null, "text", "", true, false, 0, -1, 1, 2, 33, 0.5, -0.5, 1e-9, 1e308, -1e308, 2147483648L, long.MaxValue, 1.5,
        new JsonArray(), new JsonArray(1, 2), new JsonObject(), new JsonObject { ["unknown"] = 1 }, "NaN", "Infinity", "-Infinity",
    ];

    /// <summary>A mutated document, and the property names from the root down to the mutated node (empty for a truncation).</summary>
    public sealed record Mutant(string Text, Kind Kind, IReadOnlyList<string> Path, bool RenamedProperty);

    public static Mutant Mutate(string validJson, Kind kind, int target, int value)
    {
        if (kind == Kind.Truncate) return new(validJson[..(target % validJson.Length)], kind, [], false);
        var root = JsonNode.Parse(validJson)!;
        var nodes = Nodes(root).ToList();
        var (parent, key, index) = nodes[target % nodes.Count];
        var path = new List<string>();
        if (key is not null) path.Add(key);
        for (JsonNode? n = parent; n is not null; n = n.Parent)
            if (n.Parent is JsonObject && n.GetPropertyName() is { } name) path.Insert(0, name);
        var replacement = Values[value % Values.Length]?.DeepClone();
        if (kind == Kind.OutOfRange) replacement = JsonValue.Create(new[] { -1.0, 0, 1e9, -1e9, 1e308, 0.5, 65537, 10001 }[value % 8]);
        switch (parent)
        {
            case JsonObject o when key is not null:
                var old = o[key];
                if (kind == Kind.Drop) o.Remove(key);
                else if (kind == Kind.Rename) { o.Remove(key); o[key + "_x"] = old?.DeepClone(); }
                else o[key] = replacement;
                break;
            case JsonArray a:
                if (kind is Kind.Drop or Kind.Rename) a.RemoveAt(index);
                else a[index] = replacement;
                break;
        }
        return new(root.ToJsonString(), kind, path, kind == Kind.Rename && parent is JsonObject);
    }

    static IEnumerable<(JsonNode parent, string? key, int index)> Nodes(JsonNode n)
    {
        if (n is JsonObject o)
            foreach (var (k, v) in o.ToList())
            {
                yield return (o, k, -1);
                if (v is not null) foreach (var x in Nodes(v)) yield return x;
            }
        else if (n is JsonArray a)
            for (int i = 0; i < a.Count; i++)
            {
                yield return (a, null, i);
                if (a[i] is { } v) foreach (var x in Nodes(v)) yield return x;
            }
    }
}
