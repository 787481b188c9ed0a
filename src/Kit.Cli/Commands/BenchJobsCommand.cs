using System.CommandLine;
using System.Diagnostics;
using Kit.Cli.Live;
using Kit.Experiments;
using Kit.IO;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit bench jobs`: the same sweep run twice in one command, into fresh folders: one `kit sweep` process with 2 torch
/// threads, then `kit sweep --jobs N --threads 1`; experiments per hour of each and their ratio. Only meaningful on an
/// otherwise idle machine: the JSON records the load average at the start and the end so a busy run is visible.
/// </summary>
public static class BenchJobsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "sweep file", DefaultValueFactory = _ => Path.Combine("specs", "sweeps", "lenet5-mnist-tiny.json") };
        var quick = new Option<bool>("--quick") { Description = "quick mode for every entry" };
        var jobs = Positive("--jobs", "worker processes of the parallel configuration", 2, 64);
        var threads = Positive("--threads", "torch threads of the single-process configuration", 2, 256);
        var data = DataDir();
        var output = new Option<string>("--out") { Description = "JSON report path (run folders and logs go next to it, in NAME-runs/)", DefaultValueFactory = _ => Path.Combine("artifacts", "bench", "jobs.json") };
        var cmd = new Command("jobs", "experiments per hour of one sweep: one multi-thread process vs --jobs N single-thread workers, in one run")
        {
            file, quick, jobs, threads, data, output,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var path = r.GetValue(file)!;
            var entries = Sweep.Load(path, r.GetValue(quick));
            var outPath = r.GetValue(output)!;
            var runs = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath) + "-runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
            Directory.CreateDirectory(runs);
            List<string> common = ["sweep", path];
            if (r.GetValue(quick)) common.Add("--quick");
            if (r.GetValue(data) is { } d) common.AddRange(["--data", d]);
            int n = r.GetValue(jobs), t = r.GetValue(threads);
            var load0 = KitInfo.LoadAverage() ?? "unknown";
            Console.WriteLine($"{entries.Count} entries; 1 process x {t} threads, then {n} processes x 1 thread; logs in {runs}");
            var single = Time([.. common, "--threads", t.ToString(), "--out", Path.Combine(runs, "single")], Path.Combine(runs, "single.log"), entries, Path.Combine(runs, "single"));
            Console.WriteLine($"1 process x {t} threads: {single:F1} s");
            var parallel = Time([.. common, "--jobs", n.ToString(), "--threads", "1", "--out", Path.Combine(runs, "jobs")], Path.Combine(runs, "jobs.log"), entries, Path.Combine(runs, "jobs"));
            Console.WriteLine($"{n} processes x 1 thread: {parallel:F1} s");
            double Rate(double s) => entries.Count / (s / 3600);
            var report = new
            {
                kit_version = KitInfo.Version, machine = KitInfo.Machine(), processor_count = Environment.ProcessorCount,
                sweep = path, quick = r.GetValue(quick), entries = entries.Count,
                load_average_start = load0, load_average_end = KitInfo.LoadAverage() ?? "unknown",
                single = new { processes = 1, threads = t, seconds = single, experiments_per_hour = Rate(single) },
                jobs = new { processes = n, threads = 1, seconds = parallel, experiments_per_hour = Rate(parallel) },
                speedup = single / parallel,
                note = "wall times of one run each; compare only on an otherwise idle machine (see load_average_*)",
            };
            AtomicFile.WriteAllText(outPath, Json.Serialize(report));
            Console.WriteLine($"experiments per hour: {Rate(single):F1} (1x{t}) vs {Rate(parallel):F1} ({n}x1): {single / parallel:F2}x; load average at start {load0}; wrote {outPath}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>Wall seconds of one `kit` child process; its output goes to a log file, and every entry must be complete after it.</summary>
    static double Time(List<string> args, string log, IReadOnlyList<SweepEntry> entries, string outDir)
    {
        var psi = SelfCommand.StartInfo(args);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new KitException("could not start kit sweep");
        using (var w = new StreamWriter(log))
        {
            var err = p.StandardError.ReadToEndAsync();
            w.Write(p.StandardOutput.ReadToEnd());
            p.WaitForExit();
            w.Write(err.Result);
        }
        var seconds = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new KitException($"kit {string.Join(' ', args)} failed (exit {p.ExitCode}); see {log}");
        var missing = entries.Where(e => !SweepRunner.IsComplete(Path.Combine(outDir, e.Folder))).ToList();
        if (missing.Count > 0) throw new KitException($"{outDir}: {missing.Count} entries not complete after the run; see {log}");
        return seconds;
    }

}
