using System.Text.Json.Nodes;
using Kit.IO;

namespace Kit.Study;

public sealed record StudyBenchOptions
{
    public string ResultsDir { get; init; } = Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder);
    /// <summary>Where the runs' checkpoints are (`DIR/RUN/model.pt`), used when a run has no model.kitm in its published folder.</summary>
    public string ArtifactsDir { get; init; } = Path.Combine("artifacts", "study");
    public string Study { get; init; } = "study";
    /// <summary>Run folder names to time; empty = every published run (or, with <see cref="OnlyVerdict"/>, the verdict's).</summary>
    public IReadOnlyList<string> Runs { get; init; } = [];
    /// <summary>Only the runs the current verdict rows name, plus the dense runs of their datasets (the reference).</summary>
    public bool OnlyVerdict { get; init; }
    public int Threads { get; init; } = 1;
    public int Repeats { get; init; } = 201;
    public int Warmup { get; init; } = 5;
    /// <summary>Times every run this many times, round by round (run 1..n, then again), so each run's rounds are spread
    /// over the whole session: the range of its round medians is the timing noise a verdict margin is read against.</summary>
    public int Rounds { get; init; } = 1;
    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>One published run to time: its folder, scheme (dense for a dense run), dataset and nonzero count as published.</summary>
public sealed record BenchTarget(string Run, string Folder, string Scheme, string Dataset, long? Nonzero);

/// <summary>
/// `kit study bench`: times the model of each published study run on this CPU (<see cref="ModelCpuBench"/>) and writes
/// `cpu.json` into its folder, atomically. The model is the run's exported `model.kitm` in the published folder when
/// there is one, else its checkpoint `ARTIFACTS/RUN/model.pt`. Every model is located before anything is timed, so a
/// missing one is one error and no file is written.
/// </summary>
public static class StudyBench
{
    public static List<(BenchTarget Target, CpuReport Report)> Run(StudyBenchOptions o)
    {
        if (o.Rounds < 1) throw new KitException($"--rounds must be >= 1, got {o.Rounds}");
        var targets = Select(o);
        var models = targets.Select(t => (t, path: ModelPath(t, o))).ToList();
        // Every model is loaded and checked before the first timing, so a bad one costs no timing and writes nothing.
        var loaded = models.Select(m => Load(m.t, m.path, o)).ToList();
        var rounds = loaded.Select(_ => new List<List<CpuBatchTiming>>()).ToList();
        var loadBefore = new string[loaded.Count];
        var loadAfter = new string?[loaded.Count];
        for (int round = 0; round < o.Rounds; round++)
        {
            for (int i = 0; i < loaded.Count; i++)
            {
                var m = loaded[i];
                if (round == 0) loadBefore[i] = KitInfo.LoadAverage() ?? "";
                rounds[i].Add(ModelCpuBench.Measure(m.Layers, m.Kernel, ModelCpuBench.Batches, o.Threads, o.Repeats, o.Warmup));
                loadAfter[i] = KitInfo.LoadAverage();
            }
            if (o.Rounds > 1) o.Log($"round {round + 1}/{o.Rounds}: {loaded.Count} run(s) timed (load {KitInfo.LoadAverage()})");
        }
        var done = new List<(BenchTarget, CpuReport)>();
        for (int i = 0; i < loaded.Count; i++)
        {
            var (t, path, kernel, layers) = loaded[i];
            var batches = ModelCpuBench.Batches.Select(b => Combine(rounds[i].Select(r => r.Single(x => x.Batch == b)).ToList())).ToList();
            var report = new CpuReport
            {
                Run = t.Run, Scheme = t.Scheme, Kernel = kernel, KernelNote = ModelCpuBench.NoteFor(kernel, t.Scheme),
                Model = Path.GetRelativePath(Directory.GetCurrentDirectory(), path).Replace('\\', '/'), ModelSha256 = AtomicFile.Sha256(path),
                Nonzero = layers.Sum(l => (long)l.Mask.Nnz),
                Threads = o.Threads, Repeats = o.Repeats, Warmup = o.Warmup, Rounds = o.Rounds, Batches = batches,
                LoadBefore = loadBefore[i], LoadAfter = loadAfter[i],
                OmpWaitPolicy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)",
                Machine = KitInfo.Machine(), MeasuredUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            };
            AtomicFile.WriteAllText(Path.Combine(t.Folder, "cpu.json"), Json.Serialize(report) + "\n");
            o.Log($"{t.Run}: {report.KernelNote}; batch 1 {Shown(report, 1)}, batch 64 {Shown(report, 64)} (load {report.LoadBefore} -> {report.LoadAfter})");
            done.Add((t, report));
        }
        return done;
    }

    static string Shown(CpuReport r, int batch) => r.RoundRange(batch) is { } range
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.MedianUs(batch):F1} us (rounds {range.Low:F1}-{range.High:F1})")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.MedianUs(batch):F1} us");

    /// <summary>One batch size over the rounds: medians (and quartiles, and per-layer medians) are medians over the rounds'.</summary>
    internal static CpuBatchTiming Combine(IReadOnlyList<CpuBatchTiming> rounds)
    {
        if (rounds.Count == 1) return rounds[0];
        double Mid(Func<CpuBatchTiming, double> f) => ModelCpuBench.Round(Statistics.Quantile(rounds.Select(f).ToList(), 0.5));
        return rounds[0] with
        {
            MedianUs = Mid(r => r.MedianUs), P25Us = Mid(r => r.P25Us), P75Us = Mid(r => r.P75Us),
            RoundsUs = rounds.Select(r => r.MedianUs).ToList(),
            Layers = rounds[0].Layers.Select((l, i) => l with { MedianUs = Mid(r => r.Layers[i].MedianUs) }).ToList(),
        };
    }

    /// <summary>The published runs to time, in folder order.</summary>
    public static List<BenchTarget> Select(StudyBenchOptions o)
    {
        if (!Directory.Exists(o.ResultsDir)) throw new KitException($"{o.ResultsDir}: no such results folder");
        var all = Published(o.ResultsDir, o.Study);
        if (all.Count == 0) throw new KitException($"{o.ResultsDir}: no published run of study '{o.Study}'");
        IEnumerable<BenchTarget> picked = all;
        if (o.Runs.Count > 0)
        {
            var byName = all.ToDictionary(t => t.Run);
            picked = o.Runs.Distinct().Select(n => byName.GetValueOrDefault(n.TrimEnd('/', '\\').Split('/', '\\')[^1])
                ?? throw new KitException($"--runs {n}: not a published run of study '{o.Study}' in {o.ResultsDir}"));
        }
        if (o.OnlyVerdict)
        {
            var rows = Verdict.From(o.ResultsDir, o.Study, readCpu: false);
            var named = rows.SelectMany(r => r.Runs).Select(Path.GetFileName).ToHashSet();
            var datasets = rows.Where(r => r.Runs.Count > 0).Select(r => r.Dataset).ToHashSet();
            picked = picked.Where(t => named.Contains(t.Run) || (t.Scheme == "dense" && datasets.Contains(t.Dataset)));
        }
        return picked.OrderBy(t => t.Run, StringComparer.Ordinal).ToList();
    }

    static List<BenchTarget> Published(string resultsDir, string study)
    {
        var mine = Directory.EnumerateDirectories(resultsDir, study + "-*").Where(d => !Path.GetFileName(d).StartsWith('.')).ToList();
        var targets = new List<BenchTarget>();
        foreach (var dir in mine.Where(d => File.Exists(Path.Combine(d, "metrics.json"))))
        {
            var m = Kit.IO.Json.ReadNode(Path.Combine(dir, "metrics.json"));
            string ds = m["spec"]?["data"]?["dataset"]?.GetValue<string>() ?? throw new KitException($"{dir}/metrics.json: no spec.data.dataset");
            targets.Add(new BenchTarget(Path.GetFileName(dir), dir, "dense", ds, null));
        }
        var full = mine.Select(Path.GetFullPath).ToHashSet();
        var merged = Kit.Experiments.ResultMerge.Merge([resultsDir]);
        if (merged.Corrupt.Count > 0) throw new KitException($"{resultsDir}: corrupt results: {string.Join("; ", merged.Corrupt)}");
        foreach (var r in merged.Rows.Where(r => full.Contains(Path.GetFullPath(r.Folder))))
        {
            string file = Path.Combine(r.Folder, "result.json");
            long nonzero = Kit.IO.Json.ReadNode(file)["nonzero"]?.GetValue<long>() ?? throw new KitException($"{file}: no nonzero");
            targets.Add(new BenchTarget(Path.GetFileName(r.Folder), r.Folder, r.Scheme, r.Dataset, nonzero));
        }
        return targets;
    }

    /// <summary>The published folder's model.kitm, else the checkpoint in the artifacts folder; neither is an error naming the run.</summary>
    public static string ModelPath(BenchTarget t, StudyBenchOptions o)
    {
        string kitm = Path.Combine(t.Folder, "model.kitm");
        if (File.Exists(kitm)) return kitm;
        string pt = Path.Combine(o.ArtifactsDir, t.Run, "model.pt");
        if (File.Exists(pt)) return pt;
        throw new KitException($"run {t.Run}: no model to time: neither {kitm} nor {pt} exists (export the run's model, or give --artifacts DIR holding DIR/{t.Run}/model.pt)");
    }

    static (BenchTarget Target, string Path, CpuKernel Kernel, List<Kit.Costs.CostLayer> Layers) Load(BenchTarget t, string path, StudyBenchOptions o)
    {
        var kernel = ModelCpuBench.KernelFor(t.Scheme);
        TorchRuntime.Start(o.Threads);
        var (model, info) = Kit.Export.ModelLoader.Load(path);
        List<Kit.Costs.CostLayer> layers;
        using (model) layers = Kit.Costs.ModelMasks.From(model);
        if (!string.IsNullOrEmpty(info.Dataset) && info.Dataset != t.Dataset)
            throw new KitException($"{path}: a model of {info.Dataset}, but run {t.Run} is on {t.Dataset}");
        long nonzero = layers.Sum(l => (long)l.Mask.Nnz);
        if (t.Nonzero is { } published && published != nonzero)
            throw new KitException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}: {nonzero:N0} nonzero weights, but {t.Run}/result.json records {published:N0}: not this run's model"));
        return (t, path, kernel, layers);
    }
}
