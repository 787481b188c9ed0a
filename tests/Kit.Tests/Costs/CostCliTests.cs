using System.Text.Json.Nodes;
using Kit.Cli;

namespace Kit.Tests.Costs;

public static class ConsoleCollection
{
    public const string Name = "console-redirecting CLI tests";
}

[CollectionDefinition(ConsoleCollection.Name, DisableParallelization = true)]
public sealed class ConsoleCollectionDefinition;

/// <summary>The CLI contract: JSON on stdout, and bad input gives one clear line and a non-zero exit.
/// Console is process-wide, so the tests that redirect it share one collection (xunit runs it serially).</summary>
[Collection(ConsoleCollection.Name)]
public class CostCliTests
{
    static (int code, string stdout, string stderr) Run(params string[] args) => CliRun.Run(args);

    static string Temp(string json)
    {
        var p = Path.Combine(Path.GetTempPath(), $"kit-cost-{Guid.NewGuid():N}.json");
        File.WriteAllText(p, json);
        return p;
    }

    [Fact]
    public void StorageJsonHasTheDocumentedFields()
    {
        var f = Temp("""{"shape":[3,8],"nonzero":[0,5,23]}""");
        var (code, stdout, _) = Run("cost", "storage", "--mask", f, "--bits", "2", "--json");
        Assert.Equal(0, code);
        var n = JsonNode.Parse(stdout)!;
        Assert.Equal(2, (int)n["bits"]!);
        Assert.Equal(23, (long)n["layers"]![0]!["csr"]!["total_bits"]!);
        Assert.Equal(30, (long)n["total"]!["bitmask_bits"]!);
        Assert.Equal(48.0 / 21, (double)n["total"]!["p_eq"]!["relative"]!, 9);
        File.Delete(f);
    }

    [Fact]
    public void TableJson()
    {
        var (code, stdout, _) = Run("cost", "table", "--rates", "100", "--bits", "4", "--json");
        Assert.Equal(0, code);
        var row = JsonNode.Parse(stdout)!["rows"]![0]!;
        Assert.Equal(4, (int)row["bits"]!);
        Assert.InRange((int)row["best_k"]!, 7, 9);
    }

    [Fact]
    public void TableIntoRendersTheRecordItWrote()
    {
        using var dir = new TempDir();
        string json = dir.File("costs/random.json"), doc = dir.File("doc.md");
        string Doc(string block) => $"intro\n{Kit.Docs.GeneratedBlocks.Markers("cost table").Begin}\n{block}{Kit.Docs.GeneratedBlocks.Markers("cost table").End}\nrest\n";
        File.WriteAllText(doc, Doc("old\n"));
        var (code, _, err) = Run("cost", "table", "--rates", "100", "--bits", "4", "--into", doc);
        Assert.Equal(1, code);
        Assert.Contains("--into needs --out", err);
        File.WriteAllText(dir.File("plain.md"), "no markers\n");
        (code, _, err) = Run("cost", "table", "--rates", "100", "--bits", "4", "--out", json, "--into", doc, dir.File("plain.md"));
        Assert.Equal(1, code);
        Assert.Contains("plain.md: needs one", err);
        Assert.False(File.Exists(json));            // checked before anything is written
        Assert.Equal(Doc("old\n"), File.ReadAllText(doc));

        (code, _, _) = Run("cost", "table", "--rates", "100", "--bits", "4", "--out", json, "--into", doc);
        Assert.Equal(0, code);
        var report = Kit.Results.RandomMaskSummary.Read(json);
        Assert.Equal(430_500, report.Weights);
        Assert.Equal(4305, Assert.Single(report.Rows).Nonzeros);   // round(N_layer / 100) per layer: 5 + 250 + 4,000 + 50
        Assert.Equal(Doc(Kit.Results.RandomMaskSummary.ToMarkdown(report, json)), File.ReadAllText(doc));
    }

    [Fact]
    public void BadInputsExitNonZeroWithAMessage()
    {
        var bad = Temp("""{"shape":[3,8],"nonzero":[0,99]}""");
        var (code, _, err) = Run("cost", "storage", "--mask", bad, "--bits", "4");
        Assert.Equal(1, code);
        Assert.Contains("out of range", err);
        Assert.DoesNotContain("   at ", err);
        File.Delete(bad);

        (code, _, err) = Run("cost", "storage", "--mask", "no-such-file.json");
        Assert.Equal(1, code);
        Assert.Contains("file not found", err);

        var ok = Temp("""{"shape":[3,8],"nonzero":[0]}""");
        (code, _, err) = Run("cost", "storage", "--mask", ok, "--bits", "40");
        Assert.NotEqual(0, code);
        Assert.Contains("--bits must be in 1..32", err);
        (code, _, err) = Run("cost", "storage", "--mask", ok, "--format", "zip");
        Assert.Equal(1, code);
        Assert.Contains("unknown format 'zip'", err);
        File.Delete(ok);
    }
}
