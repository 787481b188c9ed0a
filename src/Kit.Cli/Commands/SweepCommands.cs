using System.CommandLine;
using Kit.Experiments;
using Kit.IO;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit sweep` (run one shard of a sweep) and `kit merge` (combine result folders into one table).</summary>
public static class SweepCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return SweepCmd();
        yield return Merge();
    }

    static Command SweepCmd()
    {
        var file = new Argument<string>("FILE") { Description = "sweep file (JSON: spec files and/or a grid; see the README)" };
        var shard = new Option<string>("--shard") { Description = "run part I of N (0 <= I < N); entry k belongs to part k mod N", DefaultValueFactory = _ => "0/1" };
        var output = new Option<string?>("--out") { Description = "output folder (default: artifacts/sweeps/NAME); one subfolder per experiment" };
        var quick = new Option<bool>("--quick") { Description = "quick mode for every entry (smoke runs)" };
        var threads = new Option<int?>("--threads") { Description = "torch CPU threads (overrides the specs)" };
        var list = new Option<bool>("--list") { Description = "print the entries, their parts and the sweep's epochs with and without shared stages, without running anything" };
        var jobs = Positive("--jobs", "worker processes, each on its own entries of the part (default 1; with more, --threads defaults to 1)", 1, 64);
        var events = new Option<bool>("--events") { Description = "worker mode: progress events on stdout for a parent process", Hidden = true };
        var data = DataDir();
        var cmd = new Command("sweep", "run one part of a sweep (for Slurm job arrays, Kubernetes indexed jobs, GNU parallel); finished entries are skipped, interrupted ones resume")
        {
            file, shard, output, quick, threads, list, jobs, events, data,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var (index, count) = Sweep.ParseShard(r.GetValue(shard)!);
            var path = r.GetValue(file)!;
            var entries = Sweep.Load(path, r.GetValue(quick));
            var name = Json.ReadFile<SweepFile>(path).Name;
            int? t = r.GetValue(threads);
            int n = r.GetValue(jobs);
            // Entries that share a dense model or a pruned model (same spec up to it, same seed and threads) train it once.
            var plan = StagePlan.Of(entries.Select(e => e.Spec with { Threads = t ?? (n > 1 ? 1 : e.Spec.Threads) }));
            if (r.GetValue(list))
            {
                foreach (var e in entries)
                    Console.WriteLine($"{e.Index,4} part {e.Shard(count)}/{count} {e.SpecSha256[..12]} {e.Name}");
                Console.WriteLine(plan.Describe());
                return 0;
            }
            var outDir = r.GetValue(output) ?? Path.Combine("artifacts", "sweeps", name);
            string? d = r.GetValue(data);
            if (!r.GetValue(events)) Console.WriteLine($"sweep {name}: {plan.Describe()}; shared stages in {SweepRunner.StagesDir(outDir)}");
            if (n > 1)
                return SweepJobs.Run(new SweepJobs.Options(path, index, count, n, outDir, r.GetValue(quick), t ?? 1, d), entries);
            var outcomes = SweepRunner.Run(entries, index, count, outDir,
                s => s with { Threads = t ?? s.Threads, Data = d is null ? s.Data : s.Data with { DataDir = d } }, Console.WriteLine,
                r.GetValue(events) ? Live.WorkerEvents.Observer(Console.Out) : null);
            var failed = outcomes.Where(o => o.Status == "failed").ToList();
            Console.WriteLine($"part {index}/{count}: {outcomes.Count(o => o.Status == "ran")} ran, {outcomes.Count(o => o.Status == "skipped")} already done, {failed.Count} failed; results in {outDir}");
            if (failed.Count > 0)
                throw new KitException($"{failed.Count} of {outcomes.Count} entries of part {index}/{count} failed (first: [{failed[0].Entry.Index}] {failed[0].Error}); rerun the part to retry them");
            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// Quick mode changes every spec's identity, so a quick sweep merged without --quick finds all its entries "missing":
    /// say so when the quick identities are the ones present.
    /// </summary>
    static string? QuickHint(string? sweepFile, bool quick, MergeReport report)
    {
        if (sweepFile is null || quick || report.Missing.Count == 0) return null;
        var have = report.Rows.Select(x => x.SpecSha256).ToHashSet();
        var quickEntries = Sweep.Load(sweepFile, quick: true);
        int found = quickEntries.Count(e => have.Contains(e.SpecSha256));
        return found == 0 ? null
            : $"hint: {found} of the {quickEntries.Count} entries have results of a quick run: the sweep ran with --quick (quick specs have other identities); merge with --quick";
    }

    static Command Merge()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "folders holding result.json files (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "table to write: .csv (one row per experiment) or .json (rows, duplicates, missing, corrupt)", Required = true };
        var sweep = new Option<string?>("--sweep") { Description = "the sweep file: report its entries that have no result" };
        var quick = new Option<bool>("--quick") { Description = "the sweep ran with --quick (its specs' identities differ)" };
        var strict = new Option<bool>("--require-complete") { Description = "fail (and write nothing) if an entry is missing, a result is corrupt or duplicates disagree" };
        var cmd = new Command("merge", "combine result folders (e.g. of several sweep parts) into one table, reporting duplicates and missing entries")
        {
            dirs, output, sweep, quick, strict,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var expected = r.GetValue(sweep) is { } s ? Sweep.Load(s, r.GetValue(quick)) : null;
            var report = ResultMerge.Merge(r.GetValue(dirs)!, expected);
            foreach (var c in report.Corrupt) Console.Error.WriteLine($"warning: corrupt result, not merged: {c}");
            foreach (var dup in report.Duplicates)
                Console.Error.WriteLine($"warning: {(dup.SameNumbers ? "duplicate" : "conflicting duplicate")} {dup.Name} ({dup.SpecSha256[..12]}) in {string.Join(", ", dup.Folders)}; first kept");
            foreach (var m in report.Missing) Console.Error.WriteLine($"warning: missing [{m.Index}] {m.Name} ({m.Folder})");
            if (QuickHint(r.GetValue(sweep), r.GetValue(quick), report) is { } hint) Console.Error.WriteLine(hint);
            bool incomplete = report.Missing.Count > 0 || report.Corrupt.Count > 0 || report.Duplicates.Any(x => !x.SameNumbers);
            if (r.GetValue(strict) && incomplete)
                throw new KitException($"incomplete: {report.Missing.Count} missing, {report.Corrupt.Count} corrupt, {report.Duplicates.Count(x => !x.SameNumbers)} conflicting duplicates; nothing written");
            var outPath = r.GetValue(output)!;
            if (outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                AtomicFile.WriteAllText(outPath, Json.Serialize(new
                {
                    kit_version = KitInfo.Version, rows = report.Rows, duplicates = report.Duplicates, missing = report.Missing,
                    corrupt = report.Corrupt, not_compression_results = report.Skipped,
                }));
            else AtomicFile.WriteAllText(outPath, ResultMerge.ToCsv(report.Rows));
            Console.WriteLine($"{report.Rows.Count} experiments, {report.Duplicates.Count} duplicated, {report.Missing.Count} missing, {report.Corrupt.Count} corrupt; wrote {outPath}");
            return 0;
        }));
        return cmd;
    }
}
