using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.IO;

namespace Kit.Mutation;

/// <summary>
/// The parts of Stryker's `mutation-report.json` (the mutation-testing-elements schema, camelCase) that the import reads.
/// Unknown fields are allowed: the schema has many more (test files, thresholds, coverage), and newer Stryker versions add some.
/// </summary>
public sealed record StrykerReport
{
    public required string SchemaVersion { get; init; }
    /// <summary>Absolute folder of the mutated project on the machine that ran Stryker (Stryker.NET writes it; optional in the schema).</summary>
    public string? ProjectRoot { get; init; }
    /// <summary>The tool and its version (optional in the schema; Stryker.NET 5.1 leaves it out).</summary>
    public StrykerFramework? Framework { get; init; }
    /// <summary>Keyed by file path: absolute (Stryker.NET) or relative to <see cref="ProjectRoot"/>.</summary>
    public required Dictionary<string, StrykerFile> Files { get; init; }

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Reads a report; an absent, truncated or malformed file is one KitException naming it (and the field).</summary>
    public static StrykerReport Read(string file)
    {
        if (!File.Exists(file)) throw new KitException($"{file}: file not found (Stryker's mutation-report.json)");
        string text;
        try { text = File.ReadAllText(file); }
        catch (IOException e) { throw new KitException($"{file}: cannot read ({e.Message})"); }
        var report = Json.Parse<StrykerReport>(text, file, Options);
        foreach (var (path, f) in report.Files)
            foreach (var m in f.Mutants)
                if (!StrykerStatus.Known.Contains(m.Status))
                    throw new KitException($"{file}: mutant {m.Id} of {path} has status '{m.Status}' (known: {string.Join(", ", StrykerStatus.Known)})");
        return report;
    }
}

public sealed record StrykerFramework
{
    public string? Name { get; init; }
    public string? Version { get; init; }
}

public sealed record StrykerFile
{
    /// <summary>The file's text as Stryker read it at the run.</summary>
    public required string Source { get; init; }
    public required List<StrykerMutant> Mutants { get; init; }
}

public sealed record StrykerMutant
{
    public required string Id { get; init; }
    public required string MutatorName { get; init; }
    /// <summary>The code that replaced the original (optional in the schema).</summary>
    public string? Replacement { get; init; }
    public required StrykerLocation Location { get; init; }
    public required string Status { get; init; }
}

public sealed record StrykerLocation
{
    public required StrykerPosition Start { get; init; }
}

public sealed record StrykerPosition
{
    public required int Line { get; init; }
    public required int Column { get; init; }
}

/// <summary>The mutant statuses of the mutation-testing-elements schema.</summary>
public static class StrykerStatus
{
    public const string Killed = "Killed", Timeout = "Timeout", Survived = "Survived", NoCoverage = "NoCoverage",
        CompileError = "CompileError", RuntimeError = "RuntimeError", Ignored = "Ignored", Pending = "Pending";

    public static readonly IReadOnlyList<string> Known = [Killed, Timeout, Survived, NoCoverage, CompileError, RuntimeError, Ignored, Pending];
}
