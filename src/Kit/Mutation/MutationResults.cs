using System.Text.RegularExpressions;
using Kit.IO;

namespace Kit.Mutation;

/// <summary>
/// The committed mutation runs (results/mutation/FOLDER.json): written atomically, read strictly. A read also checks
/// what a hand edit could break: the score must follow from the counts, and every path must be repository-relative.
/// </summary>
public static partial class MutationResults
{
    public const string DefaultDir = "results/mutation";

    public static string DefaultFile(string folder) => $"{DefaultDir}/{folder}.json";

    public static void Write(MutationRun run, string file) => AtomicFile.WriteAllText(file, Json.Serialize(run) + "\n");

    /// <summary>Every *.json of a folder, sorted by file name; none when the folder does not exist.</summary>
    public static List<(string File, MutationRun Run)> ReadAll(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal).Select(f => (f, Read(f))).ToList()
            : [];

    public static MutationRun Read(string file)
    {
        var run = Json.ReadFile<MutationRun>(file, strict: true);
        if (run.SchemaVersion != MutationRun.CurrentSchema)
            throw new KitException($"{file}: schema_version {run.SchemaVersion}, this kit reads {MutationRun.CurrentSchema}");
        if (run.Folder == "" || run.Commit == "" || run.Date == "" || run.StrykerVersion == "")
            throw new KitException($"{file}: folder, commit, date and stryker_version are required");
        if (run.DurationSeconds < 1) throw new KitException($"{file}: duration_seconds must be at least 1");
        if (run.Tested != run.Counts.Tested)
            throw new KitException($"{file}: tested is {run.Tested}, but killed + timeout + survived + no_coverage = {run.Counts.Tested}");
        if (!(Math.Abs(run.Score - run.Counts.Score) <= 1e-12))
            throw new KitException($"{file}: score {run.Score} does not follow from the counts ({run.Counts.Score})");
        CheckPath(file, "source_folder", run.SourceFolder);
        if (run.Files.Count == 0) throw new KitException($"{file}: no files");
        foreach (var f in run.Files)
        {
            CheckPath(file, "files", f.Path);
            if (!f.Path.StartsWith(run.SourceFolder + "/", StringComparison.Ordinal)) throw new KitException($"{file}: {f.Path} is not under {run.SourceFolder}/");
            if (!Sha256Hex().IsMatch(f.Sha256)) throw new KitException($"{file}: {f.Path}: sha256 is not 64 lowercase hex digits");
        }
        var survivors = run.Survivors.Count(s => s.Status == StrykerStatus.Survived);
        if (survivors != run.Counts.Survived || run.Survivors.Count - survivors != run.Counts.NoCoverage
            || run.Survivors.Any(s => s.Status is not (StrykerStatus.Survived or StrykerStatus.NoCoverage)))
            throw new KitException($"{file}: survivors list {run.Survivors.Count} mutants, the counts {run.Counts.Survived} survived and {run.Counts.NoCoverage} without coverage");
        foreach (var s in run.Survivors) CheckPath(file, "survivors", s.Path);
        return run;
    }

    /// <summary>Forward slashes, relative, no `..`: the file must not name a place on one machine.</summary>
    static void CheckPath(string file, string field, string path)
    {
        if (path == "" || path.Contains('\\') || path.StartsWith('/') || Path.IsPathRooted(path) || path.Split('/').Contains(".."))
            throw new KitException($"{file}: {field}: '{path}' is not a repository-relative path");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")] private static partial Regex Sha256Hex();
}
