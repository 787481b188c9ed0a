using System.Globalization;
using System.Text;

namespace Kit.Export;

/// <summary>
/// The README's block of real model files per format (`kit export table --into README.md`): rendered only from a
/// recorded <see cref="FormatBenchmarkReport"/> (results/export/formats.json), so the block and the committed JSON
/// cannot disagree; a test renders the committed JSON and compares.
/// </summary>
public static class FormatBenchmarkTable
{
    /// <summary>Where the measured record is committed, as the block names it.</summary>
    public const string ShownJson = "results/export/formats.json";

    /// <summary>Where the measured record is committed.</summary>
    public static readonly string DefaultJson = Path.Combine("results", "export", "formats.json");

    /// <summary>A recorded measurement; a missing file says how to make it.</summary>
    public static FormatBenchmarkReport Read(string json) => File.Exists(json)
        ? Kit.IO.Json.ReadFile<FormatBenchmarkReport>(json, strict: true)
        : throw new KitException($"{json}: not found (measure first: kit export table --runs RUN... --out {json})");

    static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    public static string ToMarkdown(FormatBenchmarkReport r, string shownJson = ShownJson)
    {
        var sb = new StringBuilder();
        var m = r.Machine;
        sb.Append(Ic, $"Measured on {r.Date} (kit {r.KitVersion}; {m?.Cpu ?? "unknown CPU"}, {m?.Cores ?? 0} cores, {r.Threads} torch thread{(r.Threads == 1 ? "" : "s")}) by ");
        sb.Append(Ic, $"`{Command(r)}`, recorded in `{shownJson}`. Each run's `model.kitm` was written in every storage format and as a float32 `.pt`; ");
        sb.Append(Ic, $"each file was then loaded back (as `kit eval` loads it) and evaluated on its dataset's test split, {r.Repeats} time{(r.Repeats == 1 ? "" : "s")} in turn with the other files of its model: ");
        sb.Append("load and evaluate are the medians in milliseconds. *Exact*: every tensor of the loaded file is bit-identical to the run's model. ");
        sb.Append("The cost model's bits are `kit cost model --bits B --format F`; the overhead is the rest of the file (header, level tables, padding, float32 biases, SHA-256 trailer; [docs/model-files.md](docs/model-files.md)). ");
        sb.Append(LoadSentence(r)).Append("\n\n");
        foreach (var model in r.Models)
        {
            string quant = model.RunBits == ValueCodes.RawBits ? "float weights" : $"{model.RunBits}-bit weights";
            string recorded = model.RecordedAccuracy is { } a ? string.Create(Ic, $", recorded test accuracy {a:F2}%") : "";
            sb.Append(Ic, $"**`{model.Run}`** ({model.Architecture}, {quant}{recorded}; {model.Dataset} test split, {model.TestImages:N0} images):\n\n");
            sb.Append("| file | b | file bytes | cost model bytes (bits / 8) | overhead bytes | .pt / file | exact | test accuracy % | load ms | evaluate ms |\n");
            sb.Append("|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var row in model.Rows) sb.Append(Row(row, model.PtBytes)).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The command that measured the record (what to run to refresh it).</summary>
    public static string Command(FormatBenchmarkReport r) =>
        string.Create(Ic, $"./kit export table --runs {string.Join(' ', r.Models.Select(x => x.Run))} --repeats {r.Repeats} --threads {r.Threads}{(r.Limit is { } l ? $" --limit {l}" : "")}");

    static string Row(FormatBenchmarkRow x, long ptBytes)
    {
        string name = x.Format == FormatBenchmarkRow.Pt ? "`.pt` (float32 state dict)" : x.Format;
        if (x.FileBytes is not { } bytes) return $"| {name} | - | - | - | - | - | no: {Escape(x.Problem ?? "not written")} | | | |";
        string cost = x.CostModelBits is { } c ? (c / 8.0).ToString("N0", Ic) : "-";
        string overhead = x.OverheadBits is { } o ? (o / 8.0).ToString("N0", Ic) : "-";
        return string.Create(Ic, $"| {name} | {x.Bits} | {bytes:N0} | {cost} | {overhead} | {(double)ptBytes / bytes:F1}x | {(x.Exact ? "yes" : "**no**")} | {x.Accuracy:F2} | {x.LoadMsMedian:F1} | {x.EvalMsMedian:N0} |");
    }

    static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>What the machine was doing: the 1-minute load averages, and whether they exceed the core count.</summary>
    static string LoadSentence(FormatBenchmarkReport r)
    {
        double? First(string? loadavg) =>
            loadavg?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var f, ..] && double.TryParse(f, NumberStyles.Float, Ic, out var v) ? v : null;
        var (before, after) = (First(r.LoadAverageBefore), First(r.LoadAverageAfter));
        if (before is null || after is null) return "The machine's load average was not recorded.";
        int cores = r.Machine?.Cores ?? 0;
        double max = Math.Max(before.Value, after.Value);
        string verdict = cores > 0 && max > cores
            ? "busier than its cores, so the times are inflated and noisy; compare formats within a table, not with other machines"
            : "no busier than its cores";
        return string.Create(Ic, $"The 1-minute load average was {before:F2} at the start and {after:F2} at the end on this {cores}-core machine: {verdict}.");
    }
}
