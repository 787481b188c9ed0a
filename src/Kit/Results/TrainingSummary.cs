using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Training;

namespace Kit.Results;

/// <summary>One committed dense training run (`kit train`): what its metrics.json and command.txt say.</summary>
public sealed record TrainingRow(
    string Run, string Model, string Dataset, TrainSpec Spec, int EpochsRun, int BestEpoch, double Validation, double Test,
    int TrainImages, int ValidationImages, int TestImages, string Machine, string? Command, int CompressionRuns);

/// <summary>
/// The README's "Foundation (training)" table: the dense runs committed as `results/RUN/metrics.json` (checked against
/// its .sha256) with the command that trained them (`command.txt` beside it) and how many committed compression runs
/// start from their checkpoint (a result.json whose `dense_sha256` is the run's `model.json` `weights_sha256`). Only the folders directly under the
/// results folder are read, so the study's own dense runs (results/study/, summarized by `kit study verdict`) stay out
/// of `kit results` but `kit results results/study` tables them. Nothing is typed in by hand, so a new or retrained
/// dense run makes the README block stale until `kit results --into README.md` is run.
/// </summary>
public static class TrainingSummary
{
    public const string CommandFile = "command.txt";

    public static List<TrainingRow> Summarize(string dir)
    {
        if (!Directory.Exists(dir)) throw new KitException($"{dir}: folder not found");
        var runs = Directory.EnumerateDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        // The checkpoint each compression run started from, by its SHA-256 (result.json records it; the .pt is not committed).
        var starts = runs.Select(d => Path.Combine(d, "result.json")).Where(File.Exists)
            .Select(f => Text(Json.ReadNode(f)["dense_sha256"])).OfType<string>().ToList();
        return runs.Where(d => File.Exists(Path.Combine(d, "metrics.json"))).Select(d => Read(d, starts)).ToList();
    }

    static TrainingRow Read(string runDir, IReadOnlyList<string> starts)
    {
        var file = Path.Combine(runDir, "metrics.json");
        AtomicFile.VerifyChecksum(file);
        var m = Json.ReadNode(file);
        TrainSpec spec;
        try { spec = m["spec"]?.Deserialize<TrainSpec>(Json.Options) ?? throw new KitException($"{file}: no spec"); }
        catch (JsonException e) { throw new KitException($"{file}: spec: {e.Message}"); }
        var machine = m["machine"] ?? throw new KitException($"{file}: no machine");
        var commandFile = Path.Combine(runDir, CommandFile);
        return new TrainingRow(
            Path.GetFileName(runDir), spec.Model, spec.Data.Dataset, spec,
            m["epochs"] is JsonArray epochs ? epochs.Count : throw new KitException($"{file}: no epochs"),
            Int(m, "best_epoch", file), Num(m, "validation_accuracy", file), Num(m, "test_accuracy", file),
            Int(m, "train_images", file), Int(m, "validation_images", file), Int(m, "test_images", file),
            $"{Str(machine, "cpu", file)}, {Int(machine, "cores", file)} cores, {Plural(Int(machine, "torch_threads", file), "torch thread")}",
            File.Exists(commandFile) ? File.ReadAllText(commandFile).Trim() : null,
            WeightsSha256(runDir) is { } sha ? starts.Count(x => string.Equals(x, sha, StringComparison.OrdinalIgnoreCase)) : 0);
    }

    /// <summary>The SHA-256 of the run's checkpoint as its sidecar model.json records it, or null without a sidecar.</summary>
    static string? WeightsSha256(string runDir)
    {
        var sidecar = Path.Combine(runDir, "model.json");
        return File.Exists(sidecar) ? Text(Json.ReadNode(sidecar)["weights_sha256"]) : null;
    }

    public static string ToMarkdown(IReadOnlyList<TrainingRow> rows)
    {
        if (rows.Count == 0) return "No dense training run (RUN/metrics.json) is in the results folder.\n";
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("Dense training runs (`kit train`), read from each run folder's `metrics.json` (checked against its `.sha256`) ")
            .Append("and `command.txt` (the command that trained it). The checkpoint is not committed; its `model.json` records its SHA-256, and ")
            .Append("*compression runs* counts the committed compression runs (`result.json`) whose `dense_sha256` is that checkpoint's. ")
            .Append("The checkpoint is the epoch of best validation accuracy; the test split is evaluated once, on that checkpoint. ")
            .Append("`metrics.json` records no load average, so its wall times are not quoted here.\n\n");
        sb.Append("| run | dataset | model | recipe | images train / validation / test | best validation epoch | validation % | test % | compression runs | machine | command |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
            sb.Append(ic, $"| `{r.Run}` | {r.Dataset} | {r.Model} | {Recipe(r.Spec)} | {r.TrainImages:N0} / {r.ValidationImages:N0} / {r.TestImages:N0} | ")
              .Append(ic, $"{r.BestEpoch} of {r.EpochsRun} | {r.Validation:F2} | {r.Test:F2} | {r.CompressionRuns} | {r.Machine} | {(r.Command is null ? $"not recorded (no {CommandFile})" : $"`{r.Command}`")} |\n");
        return sb.ToString();
    }

    /// <summary>The training recipe in words: "SGD, lr 0.02, momentum 0.9, weight decay 0.0005, batch 128, 30 epochs, cosine schedule, 1 warm-up epoch".</summary>
    public static string Recipe(TrainSpec spec)
    {
        var ic = CultureInfo.InvariantCulture;
        var t = spec.Train;
        var parts = new List<string> { t.Optimizer.ToString().ToUpperInvariant(), string.Create(ic, $"lr {t.Lr:G}") };
        if (t.Optimizer == OptimizerType.Sgd) parts.Add(string.Create(ic, $"momentum {t.Momentum:G}{(t.Nesterov ? " (Nesterov)" : "")}"));
        parts.Add(string.Create(ic, $"weight decay {t.WeightDecay:G}"));
        parts.Add(string.Create(ic, $"batch {t.BatchSize}"));
        parts.Add(string.Create(ic, $"{t.Epochs} epochs"));
        var s = t.Schedule;
        parts.Add(s.Type switch
        {
            ScheduleType.Constant => "constant lr",
            ScheduleType.Step => string.Create(ic, $"lr x{s.Gamma:G} every {s.StepEpochs} epochs"),
            _ => "cosine schedule" + (s.MinFraction > 0 ? string.Create(ic, $" to {s.MinFraction:G} of lr") : ""),
        });
        if (s.WarmupEpochs > 0 && s.Type == ScheduleType.Cosine) parts.Add(s.WarmupEpochs == 1 ? "1 warm-up epoch" : string.Create(ic, $"{s.WarmupEpochs:G} warm-up epochs"));
        return string.Join(", ", parts);
    }

    static string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    static double Num(JsonNode n, string key, string file) => Get<double>(n, key, file);
    static int Int(JsonNode n, string key, string file) => Get<int>(n, key, file);
    static string Str(JsonNode n, string key, string file) => Get<string>(n, key, file);

    static T Get<T>(JsonNode n, string key, string file)
    {
        try { return n[key] is { } v ? v.GetValue<T>() : throw new KitException($"{file}: no {key}"); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new KitException($"{file}: {key} is not a {typeof(T).Name}"); }
    }
}
