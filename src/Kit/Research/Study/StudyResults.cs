using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Study;

namespace Kit.Research.Study;

using VerdictRow = Kit.Study.VerdictRow;

/// <summary>Index fields of one layer of a published model, from its cost.json (the row-major CSR format and the plain relative index).</summary>
public sealed record LayerIndex(string Layer, long Weights, long Nonzeros, int? CsrK, long? CsrFillers, int? RelativeK, long? RelativeFillers);

/// <summary>
/// One published compressed run of the study: what the verdict reads (<see cref="StudyRun"/>: accuracy, measured rate,
/// bits, storage in its cheapest exact format) plus what the notebooks show beside it: the target rate, the accuracy right
/// after hard mapping and after masked retraining, and the index fields of every layer and of the whole model.
/// </summary>
public sealed record StudyRunDetail(StudyRun Run, double? TargetRate, double AccuracyAfterMapping, double AccuracyAfterRetrain,
    long Weights, long Nonzeros, long DenseBits, long? CsrBits, long? CsrFillers, long? RelativeBits, long? RelativeFillers, IReadOnlyList<LayerIndex> Layers)
{
    public string Experiment => Run.Experiment;
}

/// <summary>A scheme of the study's plan at one dataset and bit width: planned runs and what is published of them.</summary>
public sealed record StudyCoverage(string Dataset, string Scheme, int Bits, int Planned, int Published, string Seeds);

/// <summary>
/// The committed study as the notebooks and `kit reproduce` (results mode) read it: the published runs under
/// results/study (through <see cref="VerdictSource"/>, so every number is the verdict's), each dataset's mean dense
/// accuracy and dense seeds, the rows of results/verdict.csv, and, when the study spec is there, which planned runs are
/// published. Any subset of the plan loads; nothing trains.
/// </summary>
public sealed class StudyResults
{
    public const string StudyName = "study";
    public string ResultsDir { get; }
    public string StudyDir { get; }
    public IReadOnlyList<StudyRunDetail> Runs { get; }
    public IReadOnlyDictionary<string, double> DenseAccuracy { get; }
    /// <summary>Seeds of each dataset's published dense runs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> DenseSeeds { get; }
    /// <summary>The committed verdict (empty when results/verdict.csv is absent).</summary>
    public IReadOnlyList<VerdictRow> Verdict { get; }
    /// <summary>Planned vs published per dataset, scheme and bit width (empty when the spec is absent).</summary>
    public IReadOnlyList<StudyCoverage> Coverage { get; }
    public (int Published, int Planned)? Progress { get; }
    /// <summary>True when verdict.csv is what `kit study verdict` computes from the runs now (false: it is stale).</summary>
    public bool VerdictCurrent { get; }

    StudyResults(string resultsDir, string studyDir, List<StudyRunDetail> runs, Dictionary<string, double> dense, Dictionary<string, IReadOnlyList<long>> denseSeeds,
        List<VerdictRow> verdict, List<StudyCoverage> coverage, (int, int)? progress, bool current)
    {
        (ResultsDir, StudyDir, Runs, DenseAccuracy, DenseSeeds, Verdict, Coverage, Progress, VerdictCurrent) =
            (resultsDir, studyDir, runs, dense, denseSeeds, verdict, coverage, progress, current);
    }

    /// <summary>
    /// Reads RESULTS/study, RESULTS/verdict.csv and (for coverage) <paramref name="specPath"/>. Run folders are named as
    /// results/verdict.csv names them (relative to the parent of RESULTS), whatever the current folder; never as machine paths.
    /// </summary>
    public static StudyResults Load(string resultsDir, string? specPath = null)
    {
        string studyDir = Path.Combine(resultsDir, Kit.Results.ResultsSummary.StudyFolder);
        var runs = new List<StudyRunDetail>();
        var dense = new Dictionary<string, double>();
        var denseSeeds = new Dictionary<string, IReadOnlyList<long>>();
        if (Directory.Exists(studyDir))
        {
            // Folders as the committed verdict.csv names them (relative to the results folder's parent, the repo root), from any working folder.
            (runs, dense) = ReadRuns(studyDir, Path.GetDirectoryName(Path.GetFullPath(resultsDir))!);
            denseSeeds = Directory.EnumerateDirectories(studyDir, StudyName + "-*").Where(d => File.Exists(Path.Combine(d, "metrics.json")))
                .Select(d => (Node: JsonNode.Parse(File.ReadAllText(Path.Combine(d, "metrics.json")))!, Dir: d))
                .GroupBy(x => x.Node["spec"]?["data"]?["dataset"]?.GetValue<string>() ?? throw new KitException($"{x.Dir}/metrics.json: no spec.data.dataset"))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(x => x.Node["spec"]?["seed"]?.GetValue<long>() ?? 0).Order().ToList());
        }
        string csv = Path.Combine(resultsDir, "verdict.csv");
        var verdict = File.Exists(csv) ? VerdictCsv.Read(csv) : [];
        bool current = runs.Count == 0 ? verdict.Count == 0
            : File.Exists(csv) && Kit.Study.Verdict.ToCsv(Kit.Study.Verdict.Build(runs.Select(r => r.Run).ToList(), dense)) == File.ReadAllText(csv).ReplaceLineEndings("\n");
        var coverage = new List<StudyCoverage>();
        (int, int)? progress = null;
        if (specPath is not null && File.Exists(specPath))
        {
            var plan = StudyPlan.Of(Json.ReadFile<StudySpec>(specPath, strict: true));
            coverage = CoverageOf(plan, runs);
            progress = Kit.Study.Verdict.Progress(specPath, studyDir);
        }
        return new StudyResults(resultsDir, studyDir, runs, dense, denseSeeds, verdict, coverage, progress, current);
    }

    /// <summary>
    /// The published runs of a study folder with their mapping and retraining accuracies and index costs, and each
    /// dataset's mean dense accuracy, read through <see cref="VerdictSource"/>: the one reader every study table uses.
    /// Run folders (named `STUDY-...`) are named relative to <paramref name="root"/> (default: the working folder).
    /// </summary>
    public static (List<StudyRunDetail> Runs, Dictionary<string, double> Dense) ReadRuns(string studyDir, string? root = null, string study = StudyName)
    {
        var (published, dense) = VerdictSource.Read(studyDir, study);
        var merged = ResultMerge.Merge([studyDir]).Rows.ToDictionary(r => Path.GetFullPath(r.Folder));
        root ??= Directory.GetCurrentDirectory();
        var runs = published.Select(r =>
        {
            string full = Path.GetFullPath(r.Folder);
            return Detail(r with { Folder = Path.GetRelativePath(root, full).Replace('\\', '/') }, merged[full]);
        }).ToList();
        return (runs, dense);
    }

    /// <summary>The repository's committed study: REPO/results and REPO/specs/study/lenet5-study.json.</summary>
    public static StudyResults LoadRepo(string repoRoot) =>
        Load(Path.Combine(repoRoot, "results"), Path.Combine(repoRoot, "specs", "study", "lenet5-study.json"));

    static StudyRunDetail Detail(StudyRun run, MergedRow row)
    {
        string file = Path.Combine(row.Folder, "cost.json");
        var cost = Kit.IO.Json.ReadNode(file);
        var storage = cost["storage"] ?? throw new KitException($"{file}: no storage");
        var total = storage["total"] ?? throw new KitException($"{file}: no storage.total");
        long Req(JsonNode? n, string field) => n?[field]?.GetValue<long>() ?? throw new KitException($"{file}: no {field}");
        long? Opt(JsonNode? n, string format, string field) => n?[format]?[field]?.GetValue<long>();
        int? K(JsonNode? n, string format) => n?[format]?["index_bits"]?.GetValue<int>();
        var layers = (storage["layers"]?.AsArray() ?? throw new KitException($"{file}: no storage.layers")).Select(l => new LayerIndex(
            l!["name"]?.GetValue<string>() ?? "?", Req(l, "weights"), Req(l, "nonzeros"),
            K(l, "csr"), Opt(l, "csr", "fillers"), K(l, "relative"), Opt(l, "relative", "fillers"))).ToList();
        return new StudyRunDetail(run, row.TargetRate, row.AccuracyAfterMapping, row.AccuracyAfterRetrain,
            Req(total, "weights"), Req(total, "nonzeros"), Req(total, "dense_bits"),
            Opt(total, "csr", "total_bits"), Opt(total, "csr", "fillers"), Opt(total, "relative", "total_bits"), Opt(total, "relative", "fillers"), layers);
    }

    static List<StudyCoverage> CoverageOf(StudyPlan plan, List<StudyRunDetail> runs)
    {
        // Entries of one name share their scheme (StudySpec.Validate).
        var schemeOf = plan.Spec.Chains.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Scheme.Name);
        var published = runs.Select(r => Path.GetFileName(r.Run.Folder)).ToHashSet(StringComparer.Ordinal);
        return plan.Nodes.Where(n => n.Kind != StudyNodeKind.Dense && n.Chain is not null)
            .GroupBy(n => (n.Dataset, Scheme: schemeOf[n.Chain!], n.Bits))
            .Select(g =>
            {
                var done = g.Where(n => published.Contains(n.Folder)).ToList();
                return new StudyCoverage(g.Key.Dataset, g.Key.Scheme, g.Key.Bits, g.Count(), done.Count,
                    string.Join(", ", done.Select(n => n.Seed).Distinct().Order()));
            })
            .OrderBy(c => c.Dataset, StringComparer.Ordinal).ThenByDescending(c => c.Bits).ThenBy(c => c.Scheme, StringComparer.Ordinal).ToList();
    }
}
