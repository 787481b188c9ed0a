using System.Globalization;
using Kit.Costs;
using Microsoft.Data.Analysis;

namespace Kit.Research.Claims;

/// <summary>One claim of the paper next to what the kit measured, the verdict its rule gives, and where the number came from.</summary>
public sealed record ClaimRow(string Id, string Claim, string Paper, string Kit, string Verdict, string Rule, string Evidence, string Command);

/// <summary>The thresholds the rules use (<see cref="ClaimsAudit"/>'s constants by default; a notebook may change one and rerun).</summary>
public sealed record ClaimThresholds(double NearZeroLoss = ClaimsAudit.NearZeroLoss, double AccuracyTolerance = ClaimsAudit.AccuracyTolerance,
    double RateFraction = ClaimsAudit.RateFraction)
{
    public static readonly ClaimThresholds Default = new();
}

/// <summary>The audit: one row per claim, the matched pairs the storage and computation rows rest on, and the thresholds used.</summary>
public sealed record ClaimsAuditResult(List<ClaimRow> Rows, List<MatchedPair> Pairs, ClaimThresholds Thresholds)
{
    public ClaimRow Row(string id) => Rows.FirstOrDefault(r => r.Id == id) ?? throw new KitException($"no claim '{id}' (claims: {string.Join(", ", Rows.Select(r => r.Id))})");
}

/// <summary>
/// The paper's checkable claims (the eight of its abstract and RQ5's two questions), each evaluated from the committed
/// results (`results/`, read by <see cref="CommittedResults"/>), the cost model, or saved RQ5 runs. Runs are matched by
/// what their result.json says (model, dataset, scheme, rate, bits), never by name, so new result folders are picked up
/// without code changes; a claim no committed run matches says "not measured yet". Storage figures of runs published
/// with a cost.json (the study's) are read from it, not recomputed.
/// </summary>
public static class ClaimsAudit
{
    /// <summary>"(Almost) zero accuracy loss": a drop of at most this many points against the unpruned baseline.</summary>
    public const double NearZeroLoss = 0.3;
    /// <summary>A structured model counts as "equally accurate" when its accuracy is at most this many points below.</summary>
    public const double AccuracyTolerance = 0.1;
    /// <summary>A run "reaches" a paper rate at 95% of it or more (rounding of per-layer budgets).</summary>
    public const double RateFraction = 0.95;

    public const string Reproduced = "reproduced", NotReproduced = "not reproduced", Mixed = "mixed", NotMeasured = "not measured yet",
        NotHere = "not reproducible here", Inconclusive = "inconclusive", Question = "answered (no paper figure)";

    /// <summary>The rerun command of rows computed from the committed files alone.</summary>
    public const string ClaimsCommand = "./kit claims";

    public static List<ClaimRow> Evaluate(string repoRoot) => Audit(repoRoot).Rows;

    /// <param name="rq5Dir">RQ5 runs to read instead of the committed results/rq5 (e.g. local artifacts/rq5)</param>
    public static ClaimsAuditResult Audit(string repoRoot, ClaimThresholds? thresholds = null, string? rq5Dir = null)
    {
        var t = thresholds ?? ClaimThresholds.Default;
        var results = Path.Combine(repoRoot, "results");
        var experiments = CommittedResults.Load(results);
        var pairs = MatchedPair.Find(experiments, t.AccuracyTolerance);
        var rows = new List<ClaimRow>
        {
            RateClaim(experiments, t, "lenet5-348x", "LeNet-5 on MNIST: non-structured pruning at (almost) zero accuracy loss", "lenet5", "mnist", 348, null),
            RateClaim(experiments, t, "alexnet-36x", "AlexNet on ImageNet: non-structured pruning at (almost) zero accuracy loss", "alexnet", "imagenet", 36,
                "no ImageNet files can be had offline on this machine, and no AlexNet in the kit's model registry"),
            RateClaim(experiments, t, "resnet50-8x", "ResNet-50 on ImageNet: non-structured pruning at (almost) zero accuracy loss", "resnet50", "imagenet", 8,
                "no ImageNet files can be had offline, and ResNet-50 on ImageNet is far beyond a 2-core CPU"),
            Binarized(experiments, t),
            IndexBits(experiments, t),
        };
        var (storage, compute) = (StorageClaim(pairs, experiments, t), ComputeClaim(pairs, experiments, t));
        rows.Add(storage);
        rows.Add(compute);
        rows.Add(Combined(storage, compute, pairs));
        rows.AddRange(Rq5Claims.Evaluate(repoRoot, rq5Dir));
        return new ClaimsAuditResult(rows, pairs, t);
    }

    /// <summary>The claims as a table (one row per claim).</summary>
    public static DataFrame Table(IEnumerable<ClaimRow> rows) => ReproFrames.From(rows);

    /// <summary>The matched pairs behind the storage and computation rows: each side's run, rate, accuracy, stored bits and modelled times.</summary>
    public static DataFrame PairsTable(IEnumerable<MatchedPair> pairs) => ReproFrames.From(pairs.Select(p => new Dictionary<string, object?>
    {
        ["bits"] = (double)p.Irregular.Bits, ["dataset"] = p.Irregular.Dataset,
        ["irregular"] = p.Irregular.Name, ["irregular_rate"] = p.Irregular.Rate, ["irregular_accuracy"] = p.Irregular.Final, ["irregular_seeds"] = (double)p.Irregular.Seeds,
        ["irregular_bits_stored"] = (double)p.IrregularBits, ["irregular_format"] = p.IrregularFormat,
        ["structured"] = p.Structured.Name, ["structured_rate"] = p.Structured.Rate, ["structured_accuracy"] = p.Structured.Final, ["structured_seeds"] = (double)p.Structured.Seeds,
        ["structured_bits_stored"] = (double)p.StructuredBits, ["structured_format"] = p.StructuredFormat,
        ["stores_less"] = p.StructuredStoresLess ? "structured" : "irregular",
        ["faster_every_profile"] = p.StructuredFasterEverywhere ? "structured" : p.IrregularFasterEverywhere ? "irregular" : "depends on the profile",
        ["times_us_illustrative"] = string.Join("; ", p.Times.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Profile} {x.StructuredNs / 1000:F1} vs {x.IrregularNs / 1000:F1}"))),
        ["storage_source"] = p.Source,
    }));

    static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
    static string G(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    static string Folders(CommittedExperiment e) => string.Join(", ", e.Folders.Select(f => "results/" + f));

    static ClaimRow RateClaim(List<CommittedExperiment> all, ClaimThresholds t, string id, string claim, string model, string dataset, double rate, string? notHere)
    {
        string rule = $"reproduced if a committed {model}/{dataset} irregular run reaches >= {G(t.RateFraction * 100)}% of {G(rate)}x with a drop <= {F(t.NearZeroLoss)} points " +
                      "against the unpruned baseline (mean over seeds); not reproduced if every such run drops more";
        var at = all.Where(e => e.Model == model && e.Dataset == dataset && e.Scheme == "irregular" && e.Rate >= t.RateFraction * rate).OrderBy(e => e.Drop).ToList();
        var lossless = all.Where(e => e.Model == model && e.Dataset == dataset && e.Scheme == "irregular" && e.Drop <= t.NearZeroLoss).MaxBy(e => e.Rate);
        string paper = $"{G(rate)}x, (almost) no loss";
        if (at.Count == 0)
            return new(id, claim, paper, lossless is null ? "-" : $"highest committed rate within {F(t.NearZeroLoss)} points: {lossless.Describe()}",
                notHere is null ? NotMeasured : NotHere + ": " + notHere, rule,
                notHere is null ? $"no committed {model}/{dataset} irregular run at >= {G(t.RateFraction * rate)}x" : "no matching run",
                notHere is null ? ClaimsCommand : "-");
        var best = at[0];
        string kit = best.Describe() + (best.Drop > t.NearZeroLoss && lossless is not null ? $"; highest rate within {F(t.NearZeroLoss)} points: {lossless.Describe()}" : "");
        return new(id, claim, paper, kit, best.Drop <= t.NearZeroLoss ? Reproduced : NotReproduced, rule,
            $"{Folders(best)} (baseline: {best.BaselineSource})", best.Command);
    }

    static ClaimRow Binarized(List<CommittedExperiment> all, ClaimThresholds t)
    {
        string rule = $"reproduced if a committed LeNet-5/MNIST run with every layer at 1 bit drops <= {F(t.NearZeroLoss)} points against the unpruned baseline";
        var runs = all.Where(e => e.Model == "lenet5" && e.Dataset == "mnist" && e.FullyQuantizedTo(1)).OrderBy(e => e.Drop).ToList();
        const string claim = "Fully binarized LeNet-5 on MNIST (every layer 1 bit) is lossless";
        if (runs.Count == 0) return new("binarized-lossless", claim, "99.21% (no loss)", "-", NotMeasured, rule, "no committed LeNet-5/MNIST run with every layer at 1 bit", ClaimsCommand);
        var best = runs[0];
        return new("binarized-lossless", claim, "99.21% (no loss)", best.Describe(), best.Drop <= t.NearZeroLoss ? Reproduced : NotReproduced, rule,
            $"{Folders(best)} (baseline: {best.BaselineSource})", best.Command);
    }

    static ClaimRow IndexBits(List<CommittedExperiment> all, ClaimThresholds t)
    {
        // The cost model needs no training: LeNet-5's real layer shapes, uniformly random masks at 348x (`kit cost table`).
        var ks = new[] { 1, 4 }.Select(b =>
        {
            var r = StorageAnalysis.Analyze(RandomMaskTable.Masks(348, 1), b, ["relative"]);
            var fc1 = r.Layers.Single(l => l.Name == "fc1");
            return (b, k: fc1.IndexBits("relative") ?? 0);
        }).ToList();
        // A committed model at the rate has a real mask: the k its cost.json chose for fc1 at the run's own b.
        var real = all.Where(e => e.Model == "lenet5" && e.Scheme == "irregular" && e.Rate >= t.RateFraction * 348 && e.Cost?.RelativeK.ContainsKey("fc1") == true)
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        string kit = string.Join(", ", ks.Select(x => $"k = {x.k} at b = {x.b}")) + " (relative index, fc1, exact search over k; random masks)" +
                     string.Concat(real.Select(e => $"; real mask of {e.Name} ({e.Rate:F1}x, cost.json): fc1 k = {e.Cost!.RelativeK["fc1"]} at b = {e.Bits}"));
        bool ok = ks.All(x => x.k >= 9) && real.All(e => e.Cost!.RelativeK["fc1"] >= 9);
        string evidence = "cost model on LeNet-5's layer shapes with uniformly random masks at 348x (seed 1)" +
                          string.Concat(real.Select(e => $"; {string.Join(", ", e.Folders.Select(f => $"results/{f}/{CommittedCost.FileName}"))}"));
        string command = "./kit cost table" + string.Concat(real.Select(e => $"; ./kit cost model --model results/{e.Folders[0]}/model.kitm --bits {e.Bits}"));
        return new("index-bits-348x", "At 348x a non-structured LeNet-5 needs index fields of at least 9 bits", ">= 9 bits", kit,
            ok ? Reproduced : NotReproduced,
            $"reproduced if the cheapest relative-index width k of fc1 (93% of the weights) is >= 9 at b = 1 and b = 4 on random masks at 348x, and on the real mask " +
            $"of every committed LeNet-5 irregular run at >= {G(t.RateFraction * 348)}x with a cost.json (at its own b)",
            evidence, command);
    }

    static string PairRule(string what, ClaimThresholds t) =>
        $"over every matched pair (same model, dataset and bits < 32; structured accuracy >= irregular - {F(t.AccuracyTolerance)} points, means over seeds; " +
        $"structured = filter, column and their combination; N:M and unpruned models are neither side): reproduced if structured {what} in all, " +
        "not reproduced if in none, mixed otherwise";

    static ClaimRow NoPairs(string id, string claim, string paper, string rule, List<CommittedExperiment> all)
    {
        int irr = all.Count(e => e.Scheme == "irregular" && e.Bits < 32), str = all.Count(e => e.StructuredPruned && e.Bits < 32);
        return new(id, claim, paper, "-", NotMeasured, rule,
            $"no matched pair among the committed results ({irr} quantized irregular, {str} quantized structured experiment(s))", ClaimsCommand);
    }

    /// <summary>"bits from each run's cost.json" or how many pairs were costed each way.</summary>
    static string Sources(List<MatchedPair> pairs)
    {
        int cost = pairs.Count(p => p.Source == MatchedPair.FromCostJson);
        return cost == pairs.Count ? "storage from each run's cost.json: real masks, cheapest exact format"
            : cost == 0 ? "storage on " + MatchedPair.FromRandomMasks
            : $"storage of {cost} pair(s) from cost.json, of {pairs.Count - cost} on {MatchedPair.FromRandomMasks}";
    }

    static ClaimRow StorageClaim(List<MatchedPair> pairs, List<CommittedExperiment> all, ClaimThresholds t)
    {
        const string claim = "With quantization, non-structured pruning is not competitive in storage with structured pruning";
        const string paper = "structured smaller at equal accuracy and bits";
        var rule = PairRule("stores fewer bits", t);
        if (pairs.Count == 0) return NoPairs("storage", claim, paper, rule, all);
        int wins = pairs.Count(p => p.StructuredStoresLess);
        var ratios = pairs.Select(p => (double)p.IrregularBits / p.StructuredBits).ToList();
        string kit = string.Create(CultureInfo.InvariantCulture,
            $"structured stores less in {wins} of {pairs.Count} pair(s); irregular bits / structured bits from {ratios.Min():F2} to {ratios.Max():F2}; {Sources(pairs)}");
        return new("storage", claim, paper, kit, Verdict(wins, pairs.Count), rule, Evidence(pairs), PairsCommand(pairs));
    }

    static ClaimRow ComputeClaim(List<MatchedPair> pairs, List<CommittedExperiment> all, ClaimThresholds t)
    {
        const string claim = "Non-structured pruning is not competitive in computation with structured pruning";
        const string paper = "structured faster at equal accuracy and bits";
        var rule = PairRule("is faster under every built-in (illustrative) hardware profile of the compute model", t);
        if (pairs.Count == 0) return NoPairs("computation", claim, paper, rule, all);
        int wins = pairs.Count(p => p.StructuredFasterEverywhere), losses = pairs.Count(p => p.IrregularFasterEverywhere);
        string kit = $"structured faster under every profile ({string.Join(", ", HardwareProfile.BuiltIn.Select(p => p.Name))}) in {wins} of {pairs.Count} pair(s), " +
                     $"irregular in {losses}, depends on the profile in {pairs.Count - wins - losses} (compute model per image: illustrative, not measured)";
        string verdict = wins == pairs.Count ? Reproduced : losses == pairs.Count ? NotReproduced : Mixed;
        return new("computation", claim, paper, kit, verdict, rule, Evidence(pairs), PairsCommand(pairs));
    }

    static ClaimRow Combined(ClaimRow storage, ClaimRow compute, List<MatchedPair> pairs)
    {
        const string claim = "At equal accuracy and bits, structured pruning is the better choice on every platform";
        const string rule = "reproduced if the storage and computation claims are both reproduced; not reproduced if either is not; otherwise the weaker of the two";
        string verdict = storage.Verdict == Reproduced && compute.Verdict == Reproduced ? Reproduced
            : storage.Verdict == NotReproduced || compute.Verdict == NotReproduced ? NotReproduced
            : storage.Verdict == NotMeasured || compute.Verdict == NotMeasured ? NotMeasured : Mixed;
        return new("structured-better", claim, "structured better in storage and computation",
            pairs.Count == 0 ? "-" : $"storage: {storage.Verdict}; computation: {compute.Verdict}", verdict, rule, "the storage and computation rows", ClaimsCommand);
    }

    static string Verdict(int wins, int count) => wins == count ? Reproduced : wins == 0 ? NotReproduced : Mixed;

    static List<CommittedExperiment> PairRuns(List<MatchedPair> pairs) =>
        pairs.SelectMany(p => new[] { p.Structured, p.Irregular }).DistinctBy(e => e.Name).ToList();

    static string Evidence(List<MatchedPair> pairs)
    {
        var folders = PairRuns(pairs).SelectMany(e => e.Folders).Distinct().ToList();
        string where = folders.All(f => f.StartsWith(Kit.Results.ResultsSummary.StudyFolder + "/", StringComparison.Ordinal)) ? "results/study/" : "results/";
        return $"{pairs.Count} matched pair(s) over {folders.Count} run folder(s) under {where} (`{ClaimsCommand} --pairs` lists each pair with its runs)";
    }

    /// <summary>The study rerun when every paired run is the study's; otherwise each run reruns with results/run.sh.</summary>
    static string PairsCommand(List<MatchedPair> pairs) => PairRuns(pairs).All(e => e.InStudy)
        ? $"./kit study run {CommittedResults.StudySpec} {CommittedResults.StudyRerunFolders}"
        : $"results/run.sh results/RUN/spec.json SEED for each run of `{ClaimsCommand} --pairs`";
}
