namespace Kit.Data;

/// <summary>
/// Finds the kit's data folder: an explicit path, else $KIT_DATA, else the nearest `data/` holding a
/// SHA256SUMS manifest above the current folder or above the kit's binaries (so the CLI, the tests and
/// notebooks all find the repo's data without configuration).
/// </summary>
public static class DataPaths
{
    public const string Manifest = "SHA256SUMS";

    public static string Resolve(string? explicitDir = null)
    {
        if (!string.IsNullOrEmpty(explicitDir))
        {
            if (!Directory.Exists(explicitDir)) throw new KitException($"data folder {explicitDir} does not exist");
            return Path.GetFullPath(explicitDir);
        }
        var env = Environment.GetEnvironmentVariable("KIT_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            if (!Directory.Exists(env)) throw new KitException($"KIT_DATA={env} is not a folder");
            return Path.GetFullPath(env);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "data");
                if (File.Exists(Path.Combine(candidate, Manifest))) return candidate;
            }
        throw new KitException("cannot find the kit's data folder (a data/ folder with SHA256SUMS above the current folder); pass --data DIR or set KIT_DATA");
    }
}
