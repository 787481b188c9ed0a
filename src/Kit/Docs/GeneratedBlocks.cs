using Kit.Export;
using Kit.Mutation;
using Kit.Research.Claims;
using Kit.Results;
using Kit.Study;

namespace Kit.Docs;

/// <summary>
/// Every kind of generated block the README and docs quote, by the name its markers carry. Each renders from committed
/// files under the repository root alone (results/, specs/, and for the mutation table the sources it compares with the
/// recorded hashes): the measuring commands write those files, `kit docs update` renders every block from them, and
/// `kit docs check` (a test) fails on any block that differs. The renderers stay with their concepts; this only names them.
/// </summary>
public static class GeneratedBlocks
{
    const string Study = "results/" + ResultsSummary.StudyFolder, StudySpecFile = "specs/study/lenet5-study.json", Bench = "results/bench";

    public static IReadOnlyList<BlockKind> All { get; } =
    [
        new("results", "./kit results --into FILE", root => ResultsSummary.ToMarkdown(ResultsSummary.Summarize(In(root, "results")))),
        new("results training", "./kit results --into FILE", root => TrainingSummary.ToMarkdown(TrainingSummary.Summarize(In(root, "results")))),
        new("claims", "./kit claims --into FILE", root => ClaimsReport.ToMarkdown(ClaimsAudit.Audit(root))),
        new("study verdict", "./kit study verdict --into FILE", root => VerdictSummary.ToMarkdown(
            Verdict.From(In(root, Study), ResultsSummary.StudyFolder), Study, Verdict.Progress(In(root, StudySpecFile), In(root, Study)))),
        new("study plan", $"./kit study plan {StudySpecFile} --into FILE", root => StudyPlanSummary.ToMarkdown(
            StudyPlan.Of(Kit.IO.Json.ReadFile<StudySpec>(In(root, StudySpecFile), strict: true)), StudySpecFile, In(root, Study), Study)),
        new("study models", "./kit study models --into FILE", root => ModelTable.ToMarkdown(In(root, Study), Study)),
        new("study methods", "./kit study methods --into FILE", root => MethodTable.ToMarkdown(In(root, Study), Study)),
        new("study peq", "./kit study peq --into FILE", root => PeqTable.ToMarkdown(In(root, Study), Study)),
        new("study compare {trial}", "./kit study compare {baseline} {trial} --into FILE", (root, p) => StudyComparison.ToMarkdown(p["baseline"], p["trial"], root)),
        new("targets {name}", "./kit targets specs/targets/{name}.json --into FILE", (root, p) => Targets(root, p["name"])),
        new("cost table", $"./kit cost table --out {RandomMaskSummary.DefaultJson} --into FILE",
            root => RandomMaskSummary.ToMarkdown(RandomMaskSummary.Read(In(root, RandomMaskSummary.DefaultJson)), RandomMaskSummary.DefaultJson)),
        new("bench summary", "./kit bench summary --into FILE", root => BenchSummary.ToMarkdown(In(root, Bench), Bench)),
        new("bench first-run", "./kit bench first-run --into FILE", root => FirstRunSummary.ToMarkdown(In(root, FirstRunSummary.DefaultFile), FirstRunSummary.DefaultFile)),
        new("bench summary sparse", "./kit bench summary --into FILE", root => SparseBenchSummary.ToMarkdown(In(root, Bench), Bench)),
        new("export table", "./kit export table --into FILE", root => FormatBenchmarkTable.ToMarkdown(FormatBenchmarkTable.Read(In(root, FormatBenchmarkTable.DefaultJson)), FormatBenchmarkTable.ShownJson),
            note: $" from {FormatBenchmarkTable.ShownJson}"),
        new("rq5 summary", "./kit rq5 summary results/rq5 --into FILE", root => Rq5(root, Kit.Research.Rq5Summary.Markdown)),
        new("rq5 overview", "./kit rq5 overview results/rq5 --into FILE", root => Rq5(root, Kit.Research.Rq5Summary.Overview)),
        new("mutation summary", "./kit mutation summary --into FILE", root => MutationScoreTable.ToMarkdown(In(root, MutationResults.DefaultDir), root)),
    ];

    /// <summary>The kind of this name (without placeholders: "study compare").</summary>
    public static BlockKind Get(string name) => All.FirstOrDefault(k => k.Name == name)
        ?? throw new KitException($"no generated block kind 'kit {name}' (known: {string.Join(", ", All.Select(k => k.Name))})");

    /// <summary>The markers of a kind without placeholders: what a command's `--into` splices between.</summary>
    public static BlockMarkers Markers(string name) => Get(name).Markers();

    static string In(string root, string relative) => Path.Combine(root, relative);

    /// <summary>The committed RQ5 runs (results/rq5, `kit rq5 publish`) through one of Rq5Summary's renderers; no folder renders as no runs.</summary>
    static string Rq5(string root, Func<IReadOnlyList<Kit.Research.RobustnessRecord>, IReadOnlyList<Kit.Research.TransferRecord>, string> render)
    {
        string dir = In(root, "results/" + ResultsSummary.Rq5Folder);
        if (!Directory.Exists(dir)) return render([], []);
        var (robust, transfer) = Kit.Research.Rq5Summary.LoadDirectory(dir);
        return render(robust, transfer);
    }

    static string Targets(string root, string name)
    {
        string file = $"specs/targets/{name}.json";
        var spec = AccuracyTargetSpec.Read(In(root, file));
        if (spec.Name != name) throw new KitException($"{file}: its name is '{spec.Name}'; the block and the file must share it");
        return AccuracyTargets.ToMarkdown(spec, AccuracyTargets.Check(spec, In(root, "results")));
    }
}
