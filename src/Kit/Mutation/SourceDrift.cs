namespace Kit.Mutation;

/// <summary>
/// How the working tree's copy of a mutated folder differs from the one the run saw: files whose text hashes differently,
/// files added since (a `*.cs` the run never mutated) and files gone. Any of them makes the run's score stale.
/// </summary>
public sealed record SourceDrift(int Files, int Changed, int Added, int Removed)
{
    public bool Any => Changed + Added + Removed > 0;

    public static SourceDrift Of(MutationRun run, string repoRoot)
    {
        var dir = Path.Combine(repoRoot, run.SourceFolder);
        var now = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(repoRoot, f).Replace('\\', '/'), f => f, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var recorded = run.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        int changed = run.Files.Count(f => now.TryGetValue(f.Path, out var file) && SourceHash.OfFile(file) != f.Sha256);
        return new SourceDrift(run.Files.Count, changed, now.Keys.Count(p => !recorded.Contains(p)), recorded.Count(p => !now.ContainsKey(p)));
    }

    /// <summary>"no", or "yes: 2 of 18 files changed, 1 added".</summary>
    public string Describe()
    {
        if (!Any) return "no";
        var parts = new List<string> { $"{Changed} of {Files} files changed" };
        if (Added > 0) parts.Add($"{Added} added");
        if (Removed > 0) parts.Add($"{Removed} removed");
        return "yes: " + string.Join(", ", parts);
    }
}
