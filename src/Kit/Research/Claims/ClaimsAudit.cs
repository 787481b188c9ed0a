using System.Globalization;
using Kit.Costs;
using Microsoft.Data.Analysis;

namespace Kit.Research.Claims;

/// <summary>One claim of the paper next to what the kit measured, the verdict its rule gives, and where the number came from.</summary>
public sealed record ClaimRow(string Id, string Claim, string Paper, string Kit, string Verdict, string Rule, string Evidence, string Command);

/// <summary>
/// The paper's checkable claims (the eight of its abstract and RQ5's two questions), each evaluated from the committed
/// results (`results/`, read by <see cref="CommittedResults"/>), the cost model, or saved RQ5 runs. Runs are matched by
/// what their result.json says (model, dataset, scheme, rate, bits), never by name, so new result folders are picked up
/// without code changes; a claim no committed run matches says "not measured yet".
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

    public static List<ClaimRow> Evaluate(string repoRoot)
    {
        var results = Path.Combine(repoRoot, "results");
        var experiments = CommittedResults.Load(results);
        var pairs = MatchedPair.Find(experiments, AccuracyTolerance);
        var rows = new List<ClaimRow>
        {
            RateClaim(experiments, "lenet5-348x", "LeNet-5 on MNIST: non-structured pruning at (almost) zero accuracy loss", "lenet5", "mnist", 348, null),
            RateClaim(experiments, "alexnet-36x", "AlexNet on ImageNet: non-structured pruning at (almost) zero accuracy loss", "alexnet", "imagenet", 36,
                "no ImageNet files can be had offline on this machine, and no AlexNet in the kit's model registry"),
            RateClaim(experiments, "resnet50-8x", "ResNet-50 on ImageNet: non-structured pruning at (almost) zero accuracy loss", "resnet50", "imagenet", 8,
                "no ImageNet files can be had offline, and ResNet-50 on ImageNet is far beyond a 2-core CPU"),
            Binarized(experiments),
            IndexBits(),
        };
        var (storage, compute) = (StorageClaim(pairs, experiments), ComputeClaim(pairs, experiments));
        rows.Add(storage);
        rows.Add(compute);
        rows.Add(Combined(storage, compute, pairs));
        rows.AddRange(Rq5Claims.Evaluate(repoRoot));
        return rows;
    }

    public static DataFrame Table(IEnumerable<ClaimRow> rows) => ReproFrames.From(rows);

    static string Seeds(CommittedExperiment e) => $"{e.Seeds} seed{(e.Seeds == 1 ? "" : "s")}";
    static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    static ClaimRow RateClaim(List<CommittedExperiment> all, string id, string claim, string model, string dataset, double rate, string? notHere)
    {
        string rule = $"reproduced if a committed {model}/{dataset} irregular run reaches >= {RateFraction * 100:F0}% of {rate:G}x with a drop <= {F(NearZeroLoss)} points " +
                      "against the unpruned baseline (mean over seeds); not reproduced if every such run drops more";
        var at = all.Where(e => e.Model == model && e.Dataset == dataset && e.Scheme == "irregular" && e.Rate >= RateFraction * rate).OrderBy(e => e.Drop).ToList();
        var lossless = all.Where(e => e.Model == model && e.Dataset == dataset && e.Scheme == "irregular" && e.Drop <= NearZeroLoss).MaxBy(e => e.Rate);
        string paper = $"{rate:G}x, (almost) no loss";
        if (at.Count == 0)
            return new(id, claim, paper, lossless is null ? "-" : $"highest committed rate within {F(NearZeroLoss)} points: {lossless.Describe()}",
                notHere is null ? NotMeasured : NotHere + ": " + notHere, rule,
                notHere is null ? $"no committed {model}/{dataset} irregular run at >= {RateFraction * rate:G}x" : "no matching run", "./kit results");
        var best = at[0];
        string kit = best.Describe() + (best.Drop > NearZeroLoss && lossless is not null ? $"; highest rate within {F(NearZeroLoss)} points: {lossless.Describe()}" : "");
        return new(id, claim, paper, kit, best.Drop <= NearZeroLoss ? Reproduced : NotReproduced, rule,
            $"{string.Join(", ", best.Folders.Select(f => "results/" + f))} (baseline: {best.BaselineSource})", best.Command);
    }

    static ClaimRow Binarized(List<CommittedExperiment> all)
    {
        string rule = $"reproduced if a committed LeNet-5/MNIST run with every layer at 1 bit drops <= {F(NearZeroLoss)} points against the unpruned baseline";
        var runs = all.Where(e => e.Model == "lenet5" && e.Dataset == "mnist" && e.FullyQuantizedTo(1)).OrderBy(e => e.Drop).ToList();
        const string claim = "Fully binarized LeNet-5 on MNIST (every layer 1 bit) is lossless";
        if (runs.Count == 0) return new("binarized-lossless", claim, "99.21% (no loss)", "-", NotMeasured, rule, "no committed LeNet-5/MNIST run with every layer at 1 bit", "./kit results");
        var best = runs[0];
        return new("binarized-lossless", claim, "99.21% (no loss)", best.Describe(), best.Drop <= NearZeroLoss ? Reproduced : NotReproduced, rule,
            $"{string.Join(", ", best.Folders.Select(f => "results/" + f))} (baseline: {best.BaselineSource})", best.Command);
    }

    static ClaimRow IndexBits()
    {
        // The cost model needs no training: LeNet-5's real layer shapes, uniformly random masks at 348x (`kit cost table`).
        var ks = new[] { 1, 4 }.Select(b =>
        {
            var r = StorageAnalysis.Analyze(RandomMaskTable.Masks(348, 1), b, ["relative"]);
            var fc1 = r.Layers.Single(l => l.Name == "fc1");
            return (b, k: fc1.IndexBits("relative") ?? 0);
        }).ToList();
        return new("index-bits-348x", "At 348x a non-structured LeNet-5 needs index fields of at least 9 bits",
            ">= 9 bits", string.Join(", ", ks.Select(x => $"k = {x.k} at b = {x.b}")) + " (relative index, fc1, exact search over k; random masks)",
            ks.All(x => x.k >= 9) ? Reproduced : NotReproduced, "reproduced if the cheapest relative-index width k of fc1 (93% of the weights) is >= 9 at b = 1 and b = 4",
            "cost model on LeNet-5's layer shapes with uniformly random masks at 348x (seed 1)", "./kit cost table");
    }

    static string PairRule(string what) =>
        $"over every matched pair (same model, dataset and bits < 32; structured accuracy >= irregular - {F(AccuracyTolerance)} points): reproduced if structured {what} in all, " +
        "not reproduced if in none, mixed otherwise";

    static ClaimRow NoPairs(string id, string claim, string paper, string rule, List<CommittedExperiment> all)
    {
        int irr = all.Count(e => e.Scheme == "irregular" && e.Bits < 32), str = all.Count(e => e.Scheme != "irregular" && e.Bits < 32);
        return new(id, claim, paper, "-", NotMeasured, rule,
            $"no matched pair among the committed results ({irr} quantized irregular, {str} quantized structured experiment(s))", "./kit results");
    }

    static ClaimRow StorageClaim(List<MatchedPair> pairs, List<CommittedExperiment> all)
    {
        const string claim = "With quantization, non-structured pruning is not competitive in storage with structured pruning";
        const string paper = "structured smaller at equal accuracy and bits";
        var rule = PairRule("stores fewer bits");
        if (pairs.Count == 0) return NoPairs("storage", claim, paper, rule, all);
        int wins = pairs.Count(p => p.StructuredStoresLess);
        string kit = $"structured smaller in {wins} of {pairs.Count} pair(s): " + string.Join("; ", pairs.Select(p =>
            $"{p.Describe()}: {p.StructuredBits:N0} vs {p.IrregularBits:N0} bits ({p.IrregularFormat})"));
        return new("storage", claim, paper, kit, Verdict(wins, pairs.Count), rule, Evidence(pairs), "./kit results");
    }

    static ClaimRow ComputeClaim(List<MatchedPair> pairs, List<CommittedExperiment> all)
    {
        const string claim = "Non-structured pruning is not competitive in computation with structured pruning";
        const string paper = "structured faster at equal accuracy and bits";
        var rule = PairRule("is faster under every built-in (illustrative) hardware profile of the compute model");
        if (pairs.Count == 0) return NoPairs("computation", claim, paper, rule, all);
        int wins = pairs.Count(p => p.StructuredFasterEverywhere), losses = pairs.Count(p => p.IrregularFasterEverywhere);
        string kit = $"structured faster under every profile in {wins} of {pairs.Count} pair(s): " + string.Join("; ", pairs.Select(p =>
            p.Describe() + ": " + string.Join(", ", p.Times.Select(t => $"{t.Profile} {t.StructuredNs / 1000:F1} vs {t.IrregularNs / 1000:F1} us"))));
        string verdict = wins == pairs.Count ? Reproduced : losses == pairs.Count ? NotReproduced : Mixed;
        return new("computation", claim, paper, kit, verdict, rule, Evidence(pairs), "./kit results");
    }

    static ClaimRow Combined(ClaimRow storage, ClaimRow compute, List<MatchedPair> pairs)
    {
        const string claim = "At equal accuracy and bits, structured pruning is the better choice on every platform";
        const string rule = "reproduced if the storage and computation claims are both reproduced; not reproduced if either is not; otherwise the weaker of the two";
        string verdict = storage.Verdict == Reproduced && compute.Verdict == Reproduced ? Reproduced
            : storage.Verdict == NotReproduced || compute.Verdict == NotReproduced ? NotReproduced
            : storage.Verdict == NotMeasured || compute.Verdict == NotMeasured ? NotMeasured : Mixed;
        return new("structured-better", claim, "structured better in storage and computation",
            pairs.Count == 0 ? "-" : $"storage: {storage.Verdict}; computation: {compute.Verdict}", verdict, rule, "the storage and computation rows", "./kit results");
    }

    static string Verdict(int wins, int count) => wins == count ? Reproduced : wins == 0 ? NotReproduced : Mixed;

    static string Evidence(List<MatchedPair> pairs) => string.Join(", ", pairs.SelectMany(p => p.Structured.Folders.Concat(p.Irregular.Folders)).Distinct().Select(f => "results/" + f));
}
