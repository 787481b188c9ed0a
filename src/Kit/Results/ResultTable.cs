using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Analysis;

namespace Kit.Results;

/// <summary>
/// Result files (result.json, metrics.json, ...) under a folder as DataFrames: one row per file, top-level
/// scalars and nested objects flattened to dotted columns (spec.scheme, spec.train.lr). Every row keeps
/// `source`, the file's path relative to the root with '/' separators, so a chart point leads back to its spec.
/// </summary>
public static class ResultTable
{
    public const string SourceColumn = "source";
    public const string FileColumn = "file";
    public static readonly string[] DefaultFiles = ["result.json", "metrics.json"];

    /// <summary>One row per matching file, sorted by source path. No files gives an empty frame with the source columns.</summary>
    public static DataFrame Load(string root, params string[] fileNames)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var (source, obj) in ReadObjects(root, fileNames.Length == 0 ? DefaultFiles : fileNames))
        {
            var row = new Dictionary<string, object?> { [SourceColumn] = source, [FileColumn] = Path.GetFileName(source) };
            Flatten(obj, "", row);
            rows.Add(row);
        }
        return FromRows(rows, [SourceColumn, FileColumn]);
    }

    /// <summary>
    /// One row per entry of each file's `layers[]` array, with the layer's fields, `layer` (its index),
    /// `rate` (weights / nonzero) and the parent file's scalar columns (bits, spec.*...) where names do not clash.
    /// </summary>
    public static DataFrame LoadLayers(string root, string fileName = "result.json")
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var (source, obj) in ReadObjects(root, [fileName]))
            rows.AddRange(LayerRows(source, obj));
        return FromRows(rows, [SourceColumn, "layer"]);
    }

    /// <summary>The per-layer table of one in-memory result (what a formatter or notebook shows for a single run).</summary>
    public static DataFrame Layers(ResultSummary result, string source = "") =>
        FromRows(LayerRows(source, (JsonObject)IO.Json.ToNode(result)).ToList(), [SourceColumn, "layer"]);

    /// <summary>One row per in-memory result, same columns as <see cref="Load"/> would give for their files.</summary>
    public static DataFrame FromResults<T>(IEnumerable<(string Source, T Result)> results)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var (source, r) in results)
        {
            var row = new Dictionary<string, object?> { [SourceColumn] = source };
            Flatten((JsonObject)IO.Json.ToNode(r), "", row);
            rows.Add(row);
        }
        return FromRows(rows, [SourceColumn]);
    }

    /// <summary>Typed view of every result.json under root, sorted by source path.</summary>
    public static IReadOnlyList<(string Source, ResultSummary Result)> LoadCompressionResults(string root, string fileName = "result.json") =>
        ReadObjects(root, [fileName])
            .Select(x => (x.Source, IO.Json.Parse<ResultSummary>(x.Obj.ToJsonString(), x.Source, strict: false)))
            .ToList();

    static IEnumerable<Dictionary<string, object?>> LayerRows(string source, JsonObject obj)
    {
        if (obj["layers"] is not JsonArray layers) yield break;
        var parent = new Dictionary<string, object?>();
        Flatten(obj, "", parent);
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is not JsonObject layer) continue;
            var row = new Dictionary<string, object?> { [SourceColumn] = source, ["layer"] = (double)i };
            foreach (var (k, v) in layer)
            {
                if (k == "shape" && v is JsonArray shape) row[k] = string.Join("x", shape.Select(d => d?.ToString()));
                else if (v is JsonObject o) Flatten(o, k + ".", row);
                else if (v is JsonValue or null) row[k] = Scalar(v);
            }
            if (row.GetValueOrDefault("weights") is double w && row.GetValueOrDefault("nonzero") is double nz)
                row["rate"] = nz == 0 ? double.PositiveInfinity : w / nz;
            foreach (var (k, v) in parent) row.TryAdd(k, v);
            yield return row;
        }
    }

    static IEnumerable<(string Source, JsonObject Obj)> ReadObjects(string root, string[] fileNames)
    {
        if (!Directory.Exists(root)) throw new KitException($"results folder {root} does not exist");
        var files = fileNames
            .SelectMany(n => Directory.EnumerateFiles(root, n, SearchOption.AllDirectories))
            .Select(f => (Full: f, Rel: Path.GetRelativePath(root, f).Replace('\\', '/')))
            // Dot folders hold unpublished work (cache temp dirs, .git): their files are not results yet.
            .Where(f => !f.Rel.Split('/').Any(seg => seg.StartsWith('.')))
            .OrderBy(f => f.Rel, StringComparer.Ordinal);
        foreach (var (full, rel) in files)
        {
            JsonNode? node;
            try { node = JsonNode.Parse(File.ReadAllText(full), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
            catch (JsonException e) { throw new KitException($"{rel}: invalid JSON: {e.Message}"); }
            if (node is not JsonObject obj) throw new KitException($"{rel}: expected a JSON object at the top level");
            yield return (rel, obj);
        }
    }

    /// <summary>Scalars and nested objects become dotted keys; arrays of scalars become compact JSON text; arrays of objects are left to dedicated loaders.</summary>
    public static void Flatten(JsonObject obj, string prefix, IDictionary<string, object?> into)
    {
        foreach (var (k, v) in obj)
        {
            var key = prefix + k;
            switch (v)
            {
                case null: into[key] = null; break;
                case JsonValue: into[key] = Scalar(v); break;
                case JsonObject o: Flatten(o, key + ".", into); break;
                case JsonArray a when a.All(x => x is JsonValue or null): into[key] = a.ToJsonString(); break;
            }
        }
    }

    static object? Scalar(JsonNode? v)
    {
        if (v is not JsonValue jv) return null;
        return jv.GetValueKind() switch
        {
            JsonValueKind.Number => jv.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => jv.GetValue<string>() switch
            {
                // The kit's JSON writes non-finite doubles as named literals.
                "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => s,
            },
            _ => null,
        };
    }

    /// <summary>
    /// Rows of name → value into typed columns: numbers → double, booleans → bool, anything else or a mix → string.
    /// Column order: <paramref name="first"/>, then first appearance.
    /// </summary>
    public static DataFrame FromRows(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IEnumerable<string>? first = null)
    {
        var names = new List<string>();
        var seen = new HashSet<string>();
        foreach (var n in first ?? []) if (seen.Add(n)) names.Add(n);
        foreach (var r in rows) foreach (var k in r.Keys) if (seen.Add(k)) names.Add(k);
        var df = new DataFrame();
        foreach (var name in names)
        {
            var values = rows.Select(r => r.GetValueOrDefault(name)).ToList();
            var nonNull = values.Where(v => v is not null).ToList();
            DataFrameColumn col;
            if (nonNull.Count > 0 && nonNull.All(v => v is double))
                col = new DoubleDataFrameColumn(name, values.Select(v => (double?)v));
            else if (nonNull.Count > 0 && nonNull.All(v => v is bool))
                col = new BooleanDataFrameColumn(name, values.Select(v => (bool?)v));
            else
                col = new StringDataFrameColumn(name, values.Select(Text));
            df.Columns.Add(col);
        }
        return df;
    }

    static DataFrame FromRows(List<Dictionary<string, object?>> rows, string[] first) =>
        FromRows(rows.Cast<IReadOnlyDictionary<string, object?>>().ToList(), first);

    static string? Text(object? v) => v switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => v.ToString(),
    };
}
