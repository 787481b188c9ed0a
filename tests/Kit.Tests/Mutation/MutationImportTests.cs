using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Mutation;
using Kit.Tests.Costs;

namespace Kit.Tests.Mutation;

/// <summary>`kit mutation import`: Stryker's report to the committed summary, checked against counts made by hand (see <see cref="HandMadeReport"/>).</summary>
[Collection(ConsoleCollection.Name)]
public class MutationImportTests
{
    static MutationRunFacts Facts(HandMadeReport r, string folder = "Costs", string commit = "abc1234", string date = "2026-12-01", int seconds = 3665) =>
        new(folder, commit, date, seconds, r.Repo, "5.1.0");

    [Fact]
    public void Counts_and_score_are_the_hand_counts()
    {
        using var r = new HandMadeReport();
        var run = MutationImport.FromFile(r.ReportFile, Facts(r));
        Assert.Equal(new MutationCounts { Killed = 4, Timeout = 1, Survived = 3, NoCoverage = 1, CompileError = 2, RuntimeError = 0, Ignored = 3 }, run.Counts);
        Assert.Equal(9, run.Tested);
        Assert.Equal(5.0 / 9.0, run.Score, 15);
        Assert.Equal(("Costs", "src/Kit/Costs", "abc1234", "2026-12-01", 3665, "5.1.0"),
            (run.Folder, run.SourceFolder, run.Commit, run.Date, run.DurationSeconds, run.StrykerVersion));
    }

    [Fact]
    public void Survivors_are_listed_repo_relative_in_file_and_line_order()
    {
        using var r = new HandMadeReport();
        var run = MutationImport.FromFile(r.ReportFile, Facts(r));
        Assert.Equal(
        [
            new MutantRecord("src/Kit/Costs/A.cs", 2, 1, "Block removal mutation", "{}", "Survived"),
            new MutantRecord("src/Kit/Costs/A.cs", 4, 5, "Statement mutation", ";", "NoCoverage"),
            new MutantRecord("src/Kit/Costs/A.cs", 4, 30, "Arithmetic mutation", "x - 2", "Survived"),
            new MutantRecord("src/Kit/Costs/Sub/B.cs", 3, 24, "Boolean mutation", "false", "Survived"),
        ], run.Survivors);
    }

    [Fact]
    public void Files_of_the_folder_carry_the_hash_of_their_bytes_at_the_run()
    {
        using var r = new HandMadeReport();
        var run = MutationImport.FromFile(r.ReportFile, Facts(r));
        // Oracle: sha256 of the file bytes as written to disk (UTF-8, what `sha256sum` and `git show C:PATH | sha256sum` give).
        Assert.Equal(
        [
            new MutatedFile("src/Kit/Costs/A.cs", AtomicFile.Sha256(r.Key("Costs/A.cs"))),
            new MutatedFile("src/Kit/Costs/Sub/B.cs", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HandMadeReport.SourceB)))),
        ], run.Files);
        Assert.Equal(AtomicFile.Sha256(r.Key("Costs/Sub/B.cs")), run.Files[1].Sha256);
    }

    [Fact]
    public void No_absolute_path_of_the_report_reaches_the_summary()
    {
        using var r = new HandMadeReport();
        var json = Json.Serialize(MutationImport.FromFile(r.ReportFile, Facts(r)));
        Assert.DoesNotContain(r.Repo, json);
        // Keys relative to projectRoot (allowed by the schema) land at the same repository paths.
        var relative = new JsonObject();
        foreach (var (key, node) in r.Report["files"]!.AsObject().ToList()) relative[Path.GetRelativePath(r.ProjectRoot, key)] = node!.DeepClone();
        r.Report["files"] = relative;
        r.WriteReport();
        Assert.Equal(json, Json.Serialize(MutationImport.FromFile(r.ReportFile, Facts(r))));
    }

    [Fact]
    public void An_absent_truncated_or_malformed_report_is_one_error_naming_the_file()
    {
        using var r = new HandMadeReport();
        string Error(MutationRunFacts? facts = null) => Assert.Throws<KitException>(() => MutationImport.FromFile(r.ReportFile, facts ?? Facts(r))).Message;

        var text = File.ReadAllText(r.ReportFile);
        File.WriteAllText(r.ReportFile, text[..(text.Length / 2)]);
        Assert.StartsWith($"{r.ReportFile}: invalid JSON", Error());

        r.FileNode("Costs/A.cs")["mutants"]![0]!.AsObject().Remove("status");
        r.WriteReport();
        Assert.StartsWith($"{r.ReportFile}: invalid JSON", Error());
        Assert.Contains("status", Error());

        r.FileNode("Costs/A.cs")["mutants"]![0]!["status"] = "Exploded";
        r.WriteReport();
        Assert.StartsWith($"{r.ReportFile}: mutant 1 of {r.Key("Costs/A.cs")} has status 'Exploded'", Error());

        r.FileNode("Costs/A.cs")["mutants"]![0]!["status"] = "Pending";
        r.WriteReport();
        Assert.Equal($"{r.ReportFile}: 1 mutants are still Pending: the run did not finish", Error());

        File.Delete(r.ReportFile);
        Assert.Equal($"{r.ReportFile}: file not found (Stryker's mutation-report.json)", Error());
    }

    [Fact]
    public void A_report_of_another_clone_or_folder_is_refused()
    {
        using var r = new HandMadeReport();
        using var elsewhere = new TempDir();
        Assert.StartsWith($"{r.ReportFile}: projectRoot {r.ProjectRoot} is not inside the repository root {elsewhere.Path}",
            Assert.Throws<KitException>(() => MutationImport.FromFile(r.ReportFile, Facts(r) with { RepoRoot = elsewhere.Path })).Message);
        Assert.Equal($"{r.ReportFile}: has no file under src/Kit/Pruning/ (is --folder Pruning the folder that run mutated?)",
            Assert.Throws<KitException>(() => MutationImport.FromFile(r.ReportFile, Facts(r, folder: "Pruning"))).Message);
        r.Report["files"]![r.Key("../../../x.cs")] = r.FileNode("Other/C.cs").DeepClone();
        r.WriteReport();
        Assert.StartsWith($"{r.ReportFile}: file ", Assert.Throws<KitException>(() => MutationImport.FromFile(r.ReportFile, Facts(r))).Message);
    }

    [Fact]
    public void Run_facts_are_checked()
    {
        using var r = new HandMadeReport();
        string Error(MutationRunFacts f) => Assert.Throws<KitException>(() => MutationImport.FromFile(r.ReportFile, f)).Message;
        Assert.StartsWith("--commit: 'HEAD'", Error(Facts(r, commit: "HEAD")));
        Assert.StartsWith("--date: '2026-13-01'", Error(Facts(r, date: "2026-13-01")));
        Assert.StartsWith("--duration-s: must be at least 1", Error(Facts(r, seconds: 0)));
        Assert.StartsWith("--folder: '..'", Error(Facts(r, folder: "..")));
        Assert.Equal($"{r.ReportFile}: names no Stryker version (framework.version); give --stryker-version", Error(Facts(r) with { StrykerVersion = null }));
        r.Report["framework"] = new JsonObject { ["name"] = "Stryker.NET", ["version"] = "9.9.9" };
        r.WriteReport();
        Assert.Equal("9.9.9", MutationImport.FromFile(r.ReportFile, Facts(r) with { StrykerVersion = null }).StrykerVersion);
    }

    [Fact]
    public void The_cli_writes_the_summary_or_nothing()
    {
        using var r = new HandMadeReport();
        var output = Path.Combine(r.Repo, "results", "mutation", "Costs.json");
        string[] Args(string report) => ["mutation", "import", report, "--folder", "Costs", "--commit", "abc1234", "--duration-s", "3665",
            "--date", "2026-12-01", "--stryker-version", "5.1.0", "--repo-root", r.Repo, "--out", output];

        var (code, stdout, _) = CliRun.Run(Args(r.ReportFile));
        Assert.Equal(0, code);
        Assert.Contains("src/Kit/Costs: 9 mutants tested, 3 survived, 1 without coverage, score 55.6%", stdout);
        Assert.Equal(MutationImport.FromFile(r.ReportFile, Facts(r)), MutationResults.Read(output), new RunComparer());

        File.Delete(output);
        File.WriteAllText(r.ReportFile, "{ \"schemaVersion\": \"2\", \"files\": {");
        var (bad, _, err) = CliRun.Run(Args(r.ReportFile));
        Assert.Equal(1, bad);
        Assert.StartsWith($"error: {r.ReportFile}: invalid JSON", err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!));
    }

    /// <summary>Records with list members compare lists by reference; the JSON text is the value.</summary>
    sealed class RunComparer : IEqualityComparer<MutationRun>
    {
        public bool Equals(MutationRun? a, MutationRun? b) => Json.Serialize(a) == Json.Serialize(b);
        public int GetHashCode(MutationRun r) => 0;
    }
}
