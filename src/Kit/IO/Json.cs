using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kit.IO;

/// <summary>
/// The kit's one JSON convention: snake_case names, indented, enums as strings. Specs are read strictly
/// (unknown fields are errors that name the field) because a silently ignored typo in a spec is a wrong
/// experiment.
/// </summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Create(strict: false);
    public static readonly JsonSerializerOptions Strict = Create(strict: true);

    static JsonSerializerOptions Create(bool strict)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // `"retrain": null` for a non-nullable field is an error naming the field, not a crash later.
            RespectNullableAnnotations = true,
        };
        // Names only: `"scheme": 3` would otherwise be accepted as an enum value nobody can read.
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        if (strict) o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return o;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;

    /// <summary>A JSON file as a node tree (records read field by field); an empty or malformed file is one KitException naming it.</summary>
    public static System.Text.Json.Nodes.JsonNode ReadNode(string file)
    {
        try { return System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file)) ?? throw new KitException($"{file}: empty"); }
        catch (JsonException e) { throw new KitException($"{file}: not valid JSON ({e.Message})"); }
    }

    /// <summary>Reads a JSON file into T; any problem becomes a KitException naming the file and the JSON path.</summary>
    public static T ReadFile<T>(string path, bool strict = true)
    {
        if (!File.Exists(path)) throw new KitException($"{path}: file not found");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new KitException($"{path}: cannot read ({e.Message})"); }
        return Parse<T>(text, path, strict);
    }

    public static T Parse<T>(string text, string source, bool strict = true) => Parse<T>(text, source, strict ? Strict : Options);

    /// <summary>As <see cref="Parse{T}(string, string, bool)"/> with other options: for files the kit reads but another tool writes.</summary>
    public static T Parse<T>(string text, string source, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, options)
                   ?? throw new KitException($"{source}: empty JSON document");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at field '{e.Path.TrimStart('$', '.')}'";
            throw new KitException($"{source}: invalid JSON{where}: {FirstSentence(e.Message)}");
        }
    }

    static string FirstSentence(string m)
    {
        var i = m.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? m[..i] : m;
    }
}
