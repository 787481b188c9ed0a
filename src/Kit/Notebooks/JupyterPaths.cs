namespace Kit.Notebooks;

/// <summary>
/// Where Jupyter looks for a user's kernelspecs: the `kernels` folder of its user data folder, with the rules of
/// jupyter_core's jupyter_data_dir() (JUPYTER_DATA_DIR, else the platform's per-user data folder). Computed here so
/// installing the kit's kernel needs no Jupyter on the machine yet.
/// </summary>
public static class JupyterPaths
{
    public static string UserKernelsDir() => UserKernelsDir(Environment.GetEnvironmentVariable, OperatingSystem.IsMacOS(), OperatingSystem.IsWindows());

    /// <param name="env">environment lookup (a parameter so the rules can be checked without changing the process's environment)</param>
    public static string UserKernelsDir(Func<string, string?> env, bool macOs, bool windows)
    {
        string? Var(string name) => env(name) is { Length: > 0 } v ? v : null;
        var home = Var("HOME") ?? Var("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var data = Var("JUPYTER_DATA_DIR")
            ?? (macOs ? Path.Combine(home, "Library", "Jupyter")
              : windows ? (Var("APPDATA") is { } appData ? Path.Combine(appData, "jupyter") : Path.Combine(home, ".jupyter", "data"))
              : Path.Combine(Var("XDG_DATA_HOME") ?? Path.Combine(home, ".local", "share"), "jupyter"));
        return Path.Combine(data, "kernels");
    }
}
