using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Results;

/// <summary>
/// The README's "first run" figures: how long the README's two commands took on a fresh clone, as CI measured them
/// (`.ci/run` writes artifacts/ci/first-run.json; a copy committed as results/ci/first-run.json is what this renders). The
/// load average at each command's start and end is quoted with the time, since on a 2-core machine it changes a time
/// several-fold.
/// </summary>
public static class FirstRunSummary
{
    public const string DefaultFile = "results/ci/first-run.json";

    public static string ToMarkdown(string file, string? shown = null)
    {
        var ic = CultureInfo.InvariantCulture;
        shown ??= file.Replace('\\', '/');
        if (!File.Exists(file)) return $"No first-run record is committed yet (`{shown}`, copied from the `artifacts/ci/first-run.json` a CI run writes).\n";
        var n = Kit.IO.Json.ReadNode(file);
        if (n["kind"]?.GetValue<string>() != "first-run") throw new KitException($"{file}: not a first-run record (kind must be \"first-run\")");
        var cmds = n["commands"] as JsonArray ?? throw new KitException($"{file}: no commands");
        if (cmds.Count == 0) throw new KitException($"{file}: commands: empty");
        string commit = Str(n, "commit", file);
        var sb = new StringBuilder();
        sb.Append(ic, $"Measured by CI (`bash .ci/run`, which runs the two commands exactly as written on a clean clone with nothing built) at commit `{commit[..Math.Min(7, commit.Length)]}` on {Str(n, "date", file)[..10]}, ");
        sb.Append(ic, $"{Str(n, "cpu", file)}, {Int(n, "cores", file)} cores, {Num(n, "memory_gib", file):0.#} GiB; the NuGet cache {(n["nuget_packages_cached"]?.GetValue<bool>() == true ? "already filled" : "empty")} (`{shown}`):\n\n");
        sb.Append("| command | wall time | exit code | 1-min load average at start / end | result |\n|---|---|---|---|---|\n");
        foreach (var c in cmds.Select(x => x ?? throw new KitException($"{file}: a null command")))
        {
            double s = Num(c, "seconds", file);
            string result = c["tests"] is JsonObject t
                ? string.Create(ic, $"{Int(t, "passed", file):N0} passed, {Int(t, "failed", file):N0} failed, {Int(t, "skipped", file):N0} skipped") : "";
            sb.Append(ic, $"| `{Str(c, "command", file)}` | {s / 60:0.0} min ({s:0} s) | {Int(c, "exit_code", file)} | {Num(c, "load_start", file):0.0#} / {Num(c, "load_end", file):0.0#} | {result} |\n");
        }
        double peak = cmds.Max(c => Math.Max(Num(c!, "load_start", file), Num(c!, "load_end", file)));
        int cores = Int(n, "cores", file);
        if (peak > cores)
            sb.Append(ic, $"\nThe load average reached {peak:0.0#} on {cores} cores: other jobs shared the machine, so these times are upper bounds of a first run on an idle machine.\n");
        return sb.ToString();
    }

    static string Str(JsonNode n, string f, string file) => n[f]?.GetValue<string>() ?? throw new KitException($"{file}: no {f}");
    static double Num(JsonNode n, string f, string file) => n[f]?.GetValue<double>() ?? throw new KitException($"{file}: no {f}");
    static int Int(JsonNode n, string f, string file) => n[f]?.GetValue<int>() ?? throw new KitException($"{file}: no {f}");
}
