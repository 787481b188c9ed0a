using System.Globalization;
using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Results;

namespace Kit.Research.Claims;

/// <summary>
/// One experiment of the committed results (all seeds of one spec name). Baseline is the accuracy of the unpruned
/// model the run descends from (see <see cref="CommittedResults"/>), so a run continued from a pruned checkpoint is
/// still measured against the dense network; Drop = Baseline - Final, both means over seeds.
/// </summary>
public sealed record CommittedExperiment(string Name, string Model, string Dataset, string Scheme, string Method, double Rate, int Bits,
    int Seeds, double Final, double FinalSd, double Baseline, string BaselineSource, List<string> Folders, CompressionResult First, string Command,
    CommittedCost? Cost = null)
{
    /// <summary>
    /// The structured side of a matched pair: whole filters, channels or columns removed. An unpruned model (scheme "none",
    /// e.g. the fully binarized one) is no pruning at all and N:M is semi-structured (<see cref="Kit.Pruning.SchemeStructure"/>),
    /// so neither is a side of "non-structured vs structured".
    /// </summary>
    public bool StructuredPruned => Kit.Pruning.PruningSchemes.Find(Scheme)?.Structure == Kit.Pruning.SchemeStructure.Structured;

    /// <summary>Published by `kit study run` (its folders are under results/study/).</summary>
    public bool InStudy => Folders.All(f => f.StartsWith(Kit.Results.ResultsSummary.StudyFolder + "/", StringComparison.Ordinal));

    public double Drop => Baseline - Final;
    public bool FullyQuantizedTo(int bits) => First.Layers.Count > 0 && First.Layers.All(l => l.Bits == bits);

    /// <summary>"348.3x, 97.94% (drop 1.28 points vs 99.22%, 1 seed)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Rate:F1}x{(Bits == 32 ? "" : $" {Bits}-bit")}, {Final:F2}%{(Seeds > 1 ? $" ± {FinalSd:F2}" : "")} (drop {Drop:F2} points vs {Baseline:F2}%, {Seeds} seed{(Seeds == 1 ? "" : "s")}; {Name})");
}

/// <summary>
/// Reads the committed results (normally `results/`): every full-scale compression result.json grouped by experiment
/// name, with the baseline each descends from. The baseline is found by following the run's starting checkpoint: a
/// dense model whose weights SHA-256 a committed model.json records gives that model's test accuracy; a checkpoint under
/// artifacts/runs/NAME/ whose committed copy results/NAME/ is itself a compression run is followed further; otherwise
/// the run's own dense_accuracy (its starting checkpoint) is used and BaselineSource says so.
/// </summary>
public static class CommittedResults
{
    public static List<CommittedExperiment> Load(string resultsDir)
    {
        if (!Directory.Exists(resultsDir)) return [];
        var report = ResultMerge.Merge([resultsDir]);
        if (report.Corrupt.Count > 0) throw new KitException($"{resultsDir}: corrupt results: {string.Join("; ", report.Corrupt)}");
        string root = Path.GetFullPath(resultsDir);
        var results = report.Rows.Where(r => !r.Quick && !Kit.Results.ResultsSummary.InRq5(root, r.Folder))
            .Select(r => (Row: r, Result: Json.Parse<CompressionResult>(File.ReadAllText(Path.Combine(r.Folder, "result.json")), Path.Combine(r.Folder, "result.json"), strict: false)))
            .ToList();
        var byFolder = results.ToDictionary(x => Path.GetFileName(x.Row.Folder), x => x.Result, StringComparer.Ordinal);
        var dense = DenseModels(root);
        return results.GroupBy(x => x.Row.Name).Select(g =>
        {
            var runs = g.OrderBy(x => x.Row.Seed).ToList();
            var baselines = runs.Select(x => Baseline(x.Result, byFolder, dense, 0)).ToList();
            var first = runs[0];
            string dense0 = first.Result.DenseSource is "trained" or "" ? "" : " " + first.Result.DenseSource;
            var folder = Path.GetRelativePath(root, first.Row.Folder).Replace('\\', '/');
            var cost = CommittedCost.Mean(runs.Select(x => CommittedCost.Read(x.Row.Folder, x.Row.Scheme, x.Row.Bits)).ToList());
            return new CommittedExperiment(g.Key, first.Row.Model, first.Row.Dataset, first.Row.Scheme, first.Row.Method,
                runs.Average(x => x.Row.OverallRate), first.Row.Bits, runs.Count,
                runs.Average(x => x.Row.Accuracy), ResultsSummary.Sd(runs.Select(x => x.Row.Accuracy)),
                baselines.Average(b => b.Accuracy), string.Join("; ", baselines.Select(b => b.Source).Distinct()),
                runs.Select(x => Path.GetRelativePath(root, x.Row.Folder).Replace('\\', '/')).ToList(), first.Result,
                Rerun(folder, first.Row.Seed, dense0), cost);
        }).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The study's spec (what `kit study run` reads) and where a rerun writes, apart from the committed study.</summary>
    public const string StudySpec = "specs/study/lenet5-study.json";
    public const string StudyRerunFolders = "--results artifacts/study-recompute/study --work artifacts/study-recompute/work";

    /// <summary>
    /// The command that reruns a committed run: a study run through `kit study run --only` into the recompute folders
    /// (parents it needs are rerun too, so nothing depends on checkpoints outside the clone); any other run through
    /// results/run.sh with the spec it recorded.
    /// </summary>
    static string Rerun(string folder, long seed, string dense) => folder.StartsWith(Kit.Results.ResultsSummary.StudyFolder + "/", StringComparison.Ordinal)
        ? $"./kit study run {StudySpec} --only {Path.GetFileName(folder)} {StudyRerunFolders}"
        : $"results/run.sh results/{folder}/spec.json {seed}{dense}";

    /// <summary>The experiments as a table: means over seeds, the baseline each descends from and the drop against it, and the
    /// stored bits in the cheapest exact format from the runs' cost.json (empty for runs published without one).</summary>
    public static Microsoft.Data.Analysis.DataFrame Table(IEnumerable<CommittedExperiment> experiments) => ReproFrames.From(experiments.Select(e => new
    {
        e.Name, e.Model, e.Dataset, e.Scheme, e.Method, rate = e.Rate, e.Bits, e.Seeds, final = e.Final, final_sd = e.FinalSd,
        baseline = e.Baseline, drop = e.Drop, baseline_source = e.BaselineSource,
        stored_bits = e.Cost?.StoredBits, stored_format = e.Cost?.Format, runs = string.Join(" ", e.Folders),
    }));

    /// <summary>
    /// weights SHA-256 -> (test accuracy, folder) of every committed trained model (model.json), in folder order; the same
    /// model may be committed in several folders (a study trial keeps a copy of the study's dense model).
    /// </summary>
    static Dictionary<string, List<(double Accuracy, string Folder)>> DenseModels(string root)
    {
        var map = new Dictionary<string, List<(double, string)>>(StringComparer.OrdinalIgnoreCase);
        void Add(string sha, double acc, string folder)
        {
            if (!map.TryGetValue(sha, out var list)) map[sha] = list = [];
            list.Add((acc, folder));
        }
        foreach (var file in Directory.EnumerateFiles(root, "model.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            JsonNode? node;
            try { node = JsonNode.Parse(File.ReadAllText(file)); }
            catch (System.Text.Json.JsonException e) { throw new KitException($"{file}: not valid JSON ({e.Message})"); }
            if (node?["weights_sha256"]?.GetValue<string>() is string sha && node["metrics"]?["test_accuracy"]?.GetValue<double>() is double acc)
            {
                string folder = Path.GetFileName(Path.GetDirectoryName(file))!;
                Add(sha, acc, folder);
                // A run started from the published model file (`--dense .../model.kitm`) records that file's SHA-256.
                var kitm = Path.Combine(Path.GetDirectoryName(file)!, Kit.Study.RunModelFile.RecordName);
                if (File.Exists(kitm) && Kit.IO.Json.ReadNode(kitm)["sha256"]?.GetValue<string>() is string ksha) Add(ksha, acc, folder);
            }
        }
        return map;
    }

    static (double Accuracy, string Source) Baseline(CompressionResult r, Dictionary<string, CompressionResult> byFolder,
        Dictionary<string, List<(double Accuracy, string Folder)>> dense, int depth)
    {
        // The folder the run names as its start, when it is a committed dense record (a trial may hold a copy of the same model).
        string startFolder = Path.GetFileName(Path.GetDirectoryName(r.DenseSource.Replace('\\', '/')) ?? "");
        if (r.DenseSha256 is string sha && dense.TryGetValue(sha, out var ds))
        {
            var d = ds.FirstOrDefault(x => x.Folder == startFolder) is { Folder: not null } named ? named : ds[0];
            return (d.Accuracy, $"dense model {d.Folder}");
        }
        var parent = r.DenseSource is "trained" or "" ? null : Path.GetFileName(Path.GetDirectoryName(r.DenseSource.Replace('\\', '/')));
        if (parent is not null && depth < 16 && byFolder.TryGetValue(parent, out var p)) return Baseline(p, byFolder, dense, depth + 1);
        return (r.DenseAccuracy, r.DenseSource is "trained" or "" ? "the run's own dense phase" : "the run's starting checkpoint (no committed record of it)");
    }
}
