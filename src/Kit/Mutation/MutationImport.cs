using System.Globalization;
using System.Text.RegularExpressions;

namespace Kit.Mutation;

/// <summary>What the report does not say about its run: given by whoever ran it (build/mutation-score.sh passes them).</summary>
/// <param name="RepoRoot">The clone Stryker ran in: the report's absolute paths are made relative to it.</param>
/// <param name="StrykerVersion">Null: the report's own framework.version (Stryker.NET 5.1 writes none).</param>
public sealed record MutationRunFacts(string Folder, string Commit, string Date, int DurationSeconds, string RepoRoot, string? StrykerVersion = null);

/// <summary>
/// `kit mutation import`: Stryker's mutation-report.json to the compact <see cref="MutationRun"/> the kit commits. Counts are
/// over every mutant of the report, as Stryker totals them (mutants of files outside the folder are Ignored by its mutate
/// filter, so they change no score). No absolute path of the machine survives: every path is made repository-relative,
/// and a file outside the repository root is an error.
/// </summary>
public static partial class MutationImport
{
    public static MutationRun FromFile(string reportFile, MutationRunFacts facts)
    {
        Check(facts); // before reading a report of megabytes
        return FromReport(StrykerReport.Read(reportFile), reportFile, facts);
    }

    public static MutationRun FromReport(StrykerReport report, string reportFile, MutationRunFacts facts)
    {
        Check(facts);
        var version = facts.StrykerVersion ?? report.Framework?.Version
            ?? throw new KitException($"{reportFile}: names no Stryker version (framework.version); give --stryker-version");
        var project = ProjectFolder(report, reportFile, facts.RepoRoot);
        var sourceFolder = project == "" ? facts.Folder : $"{project}/{facts.Folder}";
        var files = report.Files.Select(kv => (Path: RepoPath(kv.Key, report.ProjectRoot!, project, reportFile), File: kv.Value)).ToList();

        var mutants = files.SelectMany(f => f.File.Mutants.Select(m => (f.Path, Mutant: m))).ToList();
        if (mutants.Count == 0) throw new KitException($"{reportFile}: holds no mutant");
        int Count(string status) => mutants.Count(m => m.Mutant.Status == status);
        if (Count(StrykerStatus.Pending) is var pending and > 0)
            throw new KitException($"{reportFile}: {pending} mutants are still Pending: the run did not finish");
        var counts = new MutationCounts
        {
            Killed = Count(StrykerStatus.Killed), Timeout = Count(StrykerStatus.Timeout), Survived = Count(StrykerStatus.Survived),
            NoCoverage = Count(StrykerStatus.NoCoverage), CompileError = Count(StrykerStatus.CompileError),
            RuntimeError = Count(StrykerStatus.RuntimeError), Ignored = Count(StrykerStatus.Ignored),
        };
        if (counts.Tested == 0) throw new KitException($"{reportFile}: no mutant was tested (all ignored or not compiling)");

        var inFolder = files.Where(f => f.Path.StartsWith(sourceFolder + "/", StringComparison.Ordinal))
            .Select(f => new MutatedFile(f.Path, SourceHash.OfText(f.File.Source))).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (inFolder.Count == 0) throw new KitException($"{reportFile}: has no file under {sourceFolder}/ (is --folder {facts.Folder} the folder that run mutated?)");

        var survivors = mutants.Where(m => m.Mutant.Status is StrykerStatus.Survived or StrykerStatus.NoCoverage)
            .Select(m => new MutantRecord(m.Path, m.Mutant.Location.Start.Line, m.Mutant.Location.Start.Column, m.Mutant.MutatorName, m.Mutant.Replacement ?? "", m.Mutant.Status))
            .OrderBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Line).ThenBy(m => m.Column)
            .ThenBy(m => m.Mutator, StringComparer.Ordinal).ThenBy(m => m.Replacement, StringComparer.Ordinal).ToList();

        return new MutationRun
        {
            Folder = facts.Folder, SourceFolder = sourceFolder, Commit = facts.Commit, Date = facts.Date, DurationSeconds = facts.DurationSeconds,
            StrykerVersion = version, Counts = counts, Tested = counts.Tested, Score = counts.Score, Files = inFolder, Survivors = survivors,
        };
    }

    static void Check(MutationRunFacts f)
    {
        if (!FolderName().IsMatch(f.Folder) || f.Folder is "." or "..") throw new KitException($"--folder: '{f.Folder}' is not a folder name (letters, digits, '.', '_', '-')");
        if (!CommitPattern().IsMatch(f.Commit)) throw new KitException($"--commit: '{f.Commit}' is not a git commit (7-40 hex digits, optionally '-dirty')");
        if (!DateOnly.TryParseExact(f.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new KitException($"--date: '{f.Date}' is not a date yyyy-MM-dd");
        if (f.DurationSeconds < 1) throw new KitException($"--duration-s: must be at least 1, got {f.DurationSeconds}");
    }

    /// <summary>The report's projectRoot relative to the repository root ("" when they are the same folder).</summary>
    static string ProjectFolder(StrykerReport report, string reportFile, string repoRoot)
    {
        if (string.IsNullOrEmpty(report.ProjectRoot)) throw new KitException($"{reportFile}: no projectRoot (the folder its paths are relative to)");
        var rel = Path.GetRelativePath(Path.GetFullPath(repoRoot), Path.GetFullPath(report.ProjectRoot));
        if (Outside(rel))
            throw new KitException($"{reportFile}: projectRoot {report.ProjectRoot} is not inside the repository root {Path.GetFullPath(repoRoot)} (give --repo-root: the clone the run used)");
        return rel == "." ? "" : Slashes(rel);
    }

    static string RepoPath(string key, string projectRoot, string project, string reportFile)
    {
        var root = Path.GetFullPath(projectRoot);
        var rel = Path.GetRelativePath(root, Path.GetFullPath(key, root));
        if (Outside(rel) || rel == ".") throw new KitException($"{reportFile}: file {key} is not inside projectRoot {projectRoot}");
        var path = Slashes(rel);
        return project == "" ? path : $"{project}/{path}";
    }

    static bool Outside(string relative) =>
        Path.IsPathRooted(relative) || Slashes(relative).Split('/').Contains("..");

    static string Slashes(string p) => p.Replace('\\', '/');

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")] private static partial Regex FolderName();
    [GeneratedRegex(@"^[0-9a-f]{7,40}(-dirty)?$")] private static partial Regex CommitPattern();
}
