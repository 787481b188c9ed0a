using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Results;

/// <summary>
/// The README's throughput figures, rendered from the benchmark JSON committed under results/bench/ (`kit bench train
/// --compare-raw` and `kit bench jobs` write them): never copied by hand, so a rerun that changes a figure makes the
/// README block stale and a test fails until `kit bench summary --into README.md` is run.
/// </summary>
public static class BenchSummary
{
    public static string ToMarkdown(string benchDir, string shownDir = "results/bench")
    {
        var ic = CultureInfo.InvariantCulture;
        var files = Directory.Exists(benchDir) ? Directory.EnumerateFiles(benchDir, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        var sb = new StringBuilder();
        var docs = files.Select(f => (File: f, Node: Kit.IO.Json.ReadNode(f))).ToList();
        var raw = docs.Where(x => x.Node["compare_raw"] is JsonArray).ToList();
        var jobs = docs.Where(x => x.Node["speedup"] is not null && x.Node["jobs"] is not null).ToList();
        if (raw.Count == 0 && jobs.Count == 0) return $"No benchmark result is in `{shownDir}/` yet.\n";
        if (raw.Count > 0)
        {
            sb.Append("The kit's training loop against a plain TorchSharp loop (same LeNet-5, SGD settings and batch; epochs alternated; median seconds per epoch):\n\n");
            sb.Append("| file | dataset images | threads | batch | epochs timed | kit s/epoch | plain loop s/epoch | kit / plain | test accuracy after, kit / plain % | 1-min load before |\n");
            sb.Append("|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var (file, node) in raw)
                foreach (var r in node["compare_raw"]!.AsArray().Select(x => x!))
                    sb.Append(ic, $"| `{Shown(file, shownDir)}` | {Int(r, "images", file):N0} | {Int(r, "threads", file)} | {Int(r, "batch_size", file)} | {Int(r, "epochs", file)} | " +
                        $"{Num(r, "kit_seconds_per_epoch", file):F2} | {Num(r, "raw_loop_seconds_per_epoch", file):F2} | {Num(r, "kit_over_raw", file):F3} | " +
                        $"{Num(r, "kit_test_accuracy", file):F2} / {Num(r, "raw_loop_test_accuracy", file):F2} | {Load(r["load_average_before"])} |\n");
            foreach (var (file, node) in raw)
            {
                var rows = node["compare_raw"]!.AsArray().Select(x => x!).ToList();
                var plain64 = rows.FirstOrDefault(r => Int(r, "batch_size", file) == 64);
                if (plain64 is null) continue;
                var best = rows.MinBy(r => Num(r, "kit_seconds_per_epoch", file))!;
                double ratio = Num(best, "kit_seconds_per_epoch", file) / Num(plain64, "raw_loop_seconds_per_epoch", file);
                double worst = rows.Max(r => Num(r, "kit_over_raw", file));
                sb.Append(ic, $"\n`{Shown(file, shownDir)}`: at equal batch the kit takes at most {worst:F3}x the plain loop (goal <= 1.03x: {(worst <= 1.03 ? "met" : "not met")}); ");
                sb.Append(ic, $"its fastest configuration (batch {Int(best, "batch_size", file)}) takes {ratio:F2}x the plain batch-64 loop (goal <= 0.85x: {(ratio <= 0.85 ? "met" : "not met")}).\n");
            }
        }
        if (jobs.Count > 0)
        {
            if (raw.Count > 0) sb.Append('\n');
            sb.Append("Experiments per hour of one sweep, one process with several torch threads against single-thread worker processes (`kit bench jobs`, one run each, in one command):\n\n");
            sb.Append("| file | sweep | quick | entries | 1 process: threads, s | workers x 1 thread, s | experiments/h single / workers | speedup | 1-min load at start / end |\n");
            sb.Append("|---|---|---|---|---|---|---|---|---|\n");
            foreach (var (file, n) in jobs)
            {
                var single = n["single"] ?? throw new KitException($"{file}: no single");
                var par = n["jobs"]!;
                sb.Append(ic, $"| `{Shown(file, shownDir)}` | `{n["sweep"]?.GetValue<string>()}` | {(n["quick"]?.GetValue<bool>() == true ? "yes" : "no")} | {Int(n, "entries", file)} | " +
                    $"{Int(single, "threads", file)}, {Num(single, "seconds", file):F1} | {Int(par, "processes", file)} x 1, {Num(par, "seconds", file):F1} | " +
                    $"{Num(single, "experiments_per_hour", file):F0} / {Num(par, "experiments_per_hour", file):F0} | **{Num(n, "speedup", file):F2}x** | {Load(n["load_average_start"])} / {Load(n["load_average_end"])} |\n");
            }
            var met = jobs.Count(x => Num(x.Node, "speedup", x.File) >= 1.4);
            sb.Append(ic, $"\nGoal >= 1.4x: met in {met} of {jobs.Count} measured sweep(s). One run each: wall times on a 2-core machine move by several percent from run to run, more when the load column shows other work.\n");
        }
        return sb.ToString();
    }

    static string Shown(string file, string shownDir) => $"{shownDir}/{Path.GetFileName(file)}";

    /// <summary>The 1-minute figure of a /proc/loadavg line ("0.63 1.30 3.10 1/105 18107" -> 0.63).</summary>
    static string Load(JsonNode? n) => n?.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "unknown";

    static double Num(JsonNode n, string key, string file) => n[key]?.GetValue<double>() ?? throw new KitException($"{file}: no {key}");

    static long Int(JsonNode n, string key, string file) => n[key]?.GetValue<long>() ?? throw new KitException($"{file}: no {key}");
}
