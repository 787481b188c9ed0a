using System.Diagnostics;
using Kit.Data;
using Kit.Models;
using Kit.Training;

namespace Kit.Export;

/// <summary>A model to measure: the name it is shown under, its saved file, its quantization (32 = float) and the accuracy it recorded.</summary>
public sealed record FormatBenchmarkSource(string Run, string ModelPath, int RunBits, double? RecordedAccuracy);

/// <summary>
/// `kit export table`: each model exported in the given formats (<see cref="ExportTable.Build"/>) and saved as a float32
/// `.pt`; then every file loaded (<see cref="ModelLoader.Load"/>, as `kit eval` loads) and evaluated on the test split,
/// <c>repeats</c> times. Repeats go round all files of a model in turn, so a change of machine load spreads over
/// every format instead of landing on one. Float runs are written with raw float32 values (b = 32), quantized ones at
/// the smallest b that holds their levels, as the runs' own model files are.
/// </summary>
public static class FormatBenchmark
{
    /// <summary>Torch must be started; exported files go to FILESDIR/RUNNAME/.</summary>
    public static FormatBenchmarkReport Measure(IReadOnlyList<FormatBenchmarkSource> sources, IReadOnlyList<ILayerCodec> codecs, int repeats,
        int? limit, string filesDir, string? dataDir = null, Action<string>? log = null)
    {
        if (repeats < 1) throw new KitException($"--repeats must be >= 1, got {repeats}");
        if (limit is < 1) throw new KitException($"--limit must be >= 1, got {limit}");
        string? before = KitInfo.LoadAverage();
        var models = sources.Select(s => MeasureOne(s, codecs, repeats, limit, Path.Combine(filesDir, Path.GetFileName(Path.TrimEndingDirectorySeparator(s.Run))), dataDir, log)).ToList();
        return new FormatBenchmarkReport
        {
            KitVersion = KitInfo.Version, Date = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Machine = KitInfo.Machine(), Threads = TorchRuntime.Threads, Repeats = repeats, Limit = limit,
            LoadAverageBefore = before, LoadAverageAfter = KitInfo.LoadAverage(), Models = models,
        };
    }

    static FormatBenchmarkModel MeasureOne(FormatBenchmarkSource s, IReadOnlyList<ILayerCodec> codecs, int repeats, int? limit, string dir, string? dataDir, Action<string>? log)
    {
        var (model, info) = ModelLoader.Load(s.ModelPath);
        using (model)
        {
            var reference = StateBits(model);
            var exported = ExportTable.Build(model, info, s.RunBits == ValueCodes.RawBits ? ValueCodes.RawBits : null, dir, "model", codecs);
            var pt = Path.Combine(dir, "model.pt");
            Checkpoint.Save(model, pt, info);
            var files = new List<string> { pt };
            files.AddRange(exported.Where(r => r.File is not null).Select(r => r.File!));

            // Validation size 1 as in `kit eval`: only the test split is used.
            using var splits = DatasetRegistry.Load(new DataOptions { Dataset = info.Dataset, Classes = info.Classes, ValidationSize = 1, TestLimit = limit, DataDir = dataDir });
            Timed(pt, splits.Test); // warm-up: first-call costs (JIT, allocator) are not a format's
            var timings = files.ToDictionary(f => f, _ => (Load: new List<double>(), Eval: new List<double>(), Accuracy: 0.0, Exact: false));
            for (int i = 0; i < repeats; i++)
                foreach (var f in files)
                {
                    var t = Timed(f, splits.Test, reference);
                    var acc = timings[f];
                    acc.Load.Add(t.LoadMs);
                    acc.Eval.Add(t.EvalMs);
                    timings[f] = acc with { Accuracy = t.Accuracy, Exact = t.Exact };
                }
            log?.Invoke($"{s.Run}: {files.Count} files timed {repeats}x on {splits.Test.Count:N0} test images");

            FormatBenchmarkRow Timing(FormatBenchmarkRow row, string file)
            {
                var t = timings[file];
                return row with
                {
                    Exact = t.Exact, Accuracy = t.Accuracy, LoadMs = t.Load, EvalMs = t.Eval,
                    LoadMsMedian = Statistics.Median(t.Load), EvalMsMedian = Statistics.Median(t.Eval),
                };
            }
            long ptBytes = new FileInfo(pt).Length;
            var rows = new List<FormatBenchmarkRow> { Timing(new FormatBenchmarkRow { Format = FormatBenchmarkRow.Pt, Bits = ValueCodes.RawBits, FileBytes = ptBytes }, pt) };
            foreach (var e in exported)
                rows.Add(e.Report is not { } x
                    ? new FormatBenchmarkRow { Format = e.Format, Problem = e.Problem }
                    : Timing(new FormatBenchmarkRow { Format = e.Format, Bits = x.Bits, FileBytes = x.FileBytes, CostModelBits = x.CostModelBits, OverheadBits = x.OverheadBits }, e.File!));
            return new FormatBenchmarkModel
            {
                Run = s.Run, Architecture = model.Architecture, Dataset = info.Dataset, RunBits = s.RunBits, RecordedAccuracy = s.RecordedAccuracy,
                TestImages = splits.Test.Count, PtBytes = ptBytes, Rows = rows,
            };
        }
    }

    /// <summary>One load (as `kit eval` loads) and one evaluation; the bit comparison with the source is outside both timings.</summary>
    static (double LoadMs, double EvalMs, double Accuracy, bool Exact) Timed(string file, Dataset test, Dictionary<string, int[]>? reference = null)
    {
        var clock = Stopwatch.StartNew();
        var (model, _) = ModelLoader.Load(file);
        double load = clock.Elapsed.TotalMilliseconds;
        using (model)
        {
            clock.Restart();
            var r = Evaluator.Evaluate(model, test);
            double eval = clock.Elapsed.TotalMilliseconds;
            bool exact = reference is not null && SameBits(reference, StateBits(model));
            return (load, eval, r.Accuracy, exact);
        }
    }

    static Dictionary<string, int[]> StateBits(KitModel model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => TensorValues.ToArray(kv.Value).Select(BitConverter.SingleToInt32Bits).ToArray());

    static bool SameBits(Dictionary<string, int[]> a, Dictionary<string, int[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v.AsSpan().SequenceEqual(kv.Value));
}
