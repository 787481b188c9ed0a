using System.Text.Json.Nodes;

namespace Kit.Tests.Mutation;

/// <summary>
/// A small Stryker.NET-style mutation-report.json in a temp "clone": absolute file keys under projectRoot = REPO/src/Kit,
/// the sources also written to disk, so the tests can count by hand what the import and the table must say.
/// Costs/A.cs: 3 killed, 1 timeout, 2 survived, 1 no coverage, 1 compile error, 1 ignored.
/// Costs/Sub/B.cs: 1 killed, 1 survived. Other/C.cs (outside the folder): 2 ignored, 1 compile error.
/// Hence killed 4, timeout 1, survived 3, no coverage 1 (9 tested, score 5/9), compile error 2, ignored 3.
/// </summary>
public sealed class HandMadeReport : IDisposable
{
    readonly TempDir dir = new();

    public string Repo => dir.Path;
    public string ProjectRoot => Path.Combine(Repo, "src", "Kit");
    public string ReportFile => dir.File("mutation-report.json");

    public const string SourceA = "namespace K;\nclass A\n{\n    int F(int x) => x + 2;\n}\n";
    /// <summary>Non-ASCII, so a hash of anything but the UTF-8 text would differ.</summary>
    public const string SourceB = "namespace K;\n// Größe\nclass B { bool G() => true; }\n";
    public const string SourceC = "namespace K;\nclass C { }\n";

    public JsonObject Report { get; }

    public HandMadeReport()
    {
        Report = new JsonObject
        {
            ["schemaVersion"] = "2",
            ["thresholds"] = new JsonObject { ["high"] = 80, ["low"] = 60 },
            ["projectRoot"] = ProjectRoot,
            ["files"] = new JsonObject
            {
                [Key("Costs/A.cs")] = File(SourceA,
                    Mutant("1", "Killed", 4, 26), Mutant("2", "Killed", 4, 26), Mutant("3", "Killed", 4, 20), Mutant("4", "Timeout", 4, 20),
                    Mutant("5", "Survived", 4, 30, "Arithmetic mutation", "x - 2"), Mutant("6", "Survived", 2, 1, "Block removal mutation", "{}"),
                    Mutant("7", "NoCoverage", 4, 5, "Statement mutation", ";"), Mutant("8", "CompileError", 4, 26), Mutant("9", "Ignored", 4, 26)),
                [Key("Costs/Sub/B.cs")] = File(SourceB, Mutant("10", "Killed", 3, 24), Mutant("11", "Survived", 3, 24, "Boolean mutation", "false")),
                [Key("Other/C.cs")] = File(SourceC, Mutant("12", "Ignored", 2, 1), Mutant("13", "Ignored", 2, 1), Mutant("14", "CompileError", 2, 1)),
            },
            ["testFiles"] = new JsonObject(),
        };
        WriteReport();
        WriteSource("Costs/A.cs", SourceA);
        WriteSource("Costs/Sub/B.cs", SourceB);
        WriteSource("Other/C.cs", SourceC);
    }

    public string Key(string projectRelative) => Path.Combine(ProjectRoot, projectRelative);

    public void WriteReport() => System.IO.File.WriteAllText(ReportFile, Report.ToJsonString());

    public void WriteSource(string projectRelative, string text)
    {
        var path = Key(projectRelative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
    }

    public JsonObject FileNode(string projectRelative) => Report["files"]![Key(projectRelative)]!.AsObject();

    static JsonObject File(string source, params JsonObject[] mutants) =>
        new() { ["language"] = "cs", ["source"] = source, ["mutants"] = new JsonArray(mutants) };

    public static JsonObject Mutant(string id, string status, int line, int column, string mutator = "Equality mutation", string replacement = "x != 2") => new()
    {
        ["id"] = id, ["mutatorName"] = mutator, ["replacement"] = replacement,
        ["location"] = new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = line, ["column"] = column },
            ["end"] = new JsonObject { ["line"] = line, ["column"] = column + 3 },
        },
        ["status"] = status, ["static"] = false, ["coveredBy"] = new JsonArray(), ["killedBy"] = new JsonArray(),
    };

    public void Dispose() => dir.Dispose();
}
