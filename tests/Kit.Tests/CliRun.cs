namespace Kit.Tests;

/// <summary>The CLI in-process, capturing its output, for cases that need no second process (Console is process-wide, hence the lock).</summary>
public static class CliRun
{
    static readonly object Gate = new();

    public static (int code, string stdout, string stderr) Run(params string[] args)
    {
        lock (Gate)
        {
            var (o, e) = (Console.Out, Console.Error);
            var so = new StringWriter();
            var se = new StringWriter();
            Console.SetOut(so);
            Console.SetError(se);
            try { return (Kit.Cli.Program.Main(args), so.ToString(), se.ToString()); }
            finally { Console.SetOut(o); Console.SetError(e); }
        }
    }

    /// <summary>Every file under a folder (but the lock file, which a running process holds) with its bytes' hash: "nothing was written or changed" is an equality of two of these.</summary>
    public static SortedDictionary<string, string> Snapshot(string dir) =>
        new(Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != Kit.Training.RunJournal.LockName).ToDictionary(f => Path.GetRelativePath(dir, f), Kit.IO.AtomicFile.Sha256), StringComparer.Ordinal);
}
