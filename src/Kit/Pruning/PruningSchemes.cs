using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kit.Pruning;

/// <summary>
/// The pruning schemes by name, the way <see cref="Kit.Models.ModelRegistry"/> holds models: every concrete
/// <see cref="PruningScheme"/> of the kit with a public parameterless constructor is registered, so a new
/// scheme needs no other edit. Names are matched case-insensitively; an unknown name is an error listing the known ones.
/// </summary>
public static class PruningSchemes
{
    static readonly PruningScheme[] all = typeof(PruningScheme).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(PruningScheme)) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (PruningScheme)Activator.CreateInstance(t)!)
        .OrderBy(s => s.Name, StringComparer.Ordinal)
        .ToArray();

    static readonly Dictionary<string, PruningScheme> byName = Index();

    static Dictionary<string, PruningScheme> Index()
    {
        var d = new Dictionary<string, PruningScheme>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in all)
            if (!d.TryAdd(s.Name, s)) throw new InvalidOperationException($"two pruning schemes are named '{s.Name}'");
        return d;
    }

    public static IReadOnlyList<PruningScheme> All => all;

    public static IEnumerable<string> Names => all.Select(s => s.Name);

    public static PruningScheme? Find(string name) => byName.GetValueOrDefault(name);

    public static PruningScheme Get(string name, string where = "scheme") =>
        Find(name) ?? throw new KitException($"{where}: {UnknownMessage(name)}");

    internal static string UnknownMessage(string name) => $"unknown pruning scheme '{name}' (known: {string.Join(", ", Names)})";

    /// <summary>The side of the paper's comparison a scheme named in results is on; an unknown name is an error.</summary>
    public static SchemeStructure StructureOf(string name) => Get(name).Structure;

    /// <summary>The non-structured scheme, the default of every spec.</summary>
    public static PruningScheme Irregular => Get("irregular");
}

/// <summary>A scheme is written as its name; reading an unknown name fails with the known ones listed.</summary>
internal sealed class PruningSchemeJsonConverter : JsonConverter<PruningScheme>
{
    public override PruningScheme Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"a pruning scheme is a name ({string.Join(", ", PruningSchemes.Names)})");
        var name = reader.GetString()!;
        return PruningSchemes.Find(name) ?? throw new JsonException(PruningSchemes.UnknownMessage(name));
    }

    public override void Write(Utf8JsonWriter writer, PruningScheme value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
