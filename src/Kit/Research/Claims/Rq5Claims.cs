namespace Kit.Research.Claims;

/// <summary>
/// RQ5's two questions as claim rows, from saved RQ5 runs: the committed results/rq5 by default, or another folder when asked
/// (e.g. artifacts/rq5, what specs/rq5-reduced/run.sh writes: local runs, so the rows then name that folder), read with
/// <see cref="Rq5Summary.LoadDirectory"/>. The robustness trend is the one the method notes cite (after Ye et al., ICCV 2019:
/// irregular pruning keeps robustness best at a given rate); transfer has no paper figure (an extension of the kit), so its
/// row reports the winners and no verdict on the paper.
/// </summary>
public static class Rq5Claims
{
    const string Command = "specs/rq5-reduced/run.sh; ./kit rq5 publish artifacts/rq5; ./kit rq5 summary results/rq5";

    /// <param name="rq5Dir">the RQ5 runs to read (default: REPO/results/rq5, the committed ones)</param>
    public static List<ClaimRow> Evaluate(string repoRoot, string? rq5Dir = null)
    {
        var dir = rq5Dir ?? Path.Combine(repoRoot, "results", "rq5");
        if (rq5Dir is not null && !Directory.Exists(rq5Dir)) throw new KitException($"{rq5Dir}: no such RQ5 results folder");
        var (robust, transfer) = Directory.Exists(dir) ? Rq5Summary.LoadDirectory(dir) : ([], []);
        string shown = Path.GetRelativePath(repoRoot, dir).Replace('\\', '/');
        string source = Directory.Exists(dir) ? shown : $"no {shown} folder, nothing committed for RQ5; specs/rq5-reduced/run.sh makes runs, `./kit claims --rq5 artifacts/rq5` reads them";
        return [Robustness(robust, source), Transfer(transfer, source)];
    }

    static ClaimRow Robustness(List<RobustnessRecord> records, string source)
    {
        const string claim = "At equal rate, irregular pruning keeps adversarial robustness best, filter pruning worst (RQ5)";
        const string rule = "per dataset and attack column (PGD/FGSM, normally trained models) a winner counts only if Rq5Summary claims it (best in every one of >= 2 seeds, " +
                            "margin above the seed sd): reproduced if every claimed winner is irregular and irregular leads by mean in more than half of the columns, not reproduced if no claimed winner is irregular, " +
                            "mixed otherwise; inconclusive if no column has a claimed winner. The claim's second half (filter pruning worst) is not tested: filter-only pruning is not among the RQ5 runs";
        // Every normally trained setting (MNIST "standard", "fashion-mnist standard", ...): a trend that holds on one dataset only is not the claim.
        var winners = Rq5Summary.Winners(records.Where(r => r.Setting == "standard" || r.Setting.EndsWith(" standard", StringComparison.Ordinal)))
            .Where(w => w.Column != "clean").ToList();
        if (winners.Count == 0)
            return new("rq5-robustness", claim, "irregular most robust", "-", ClaimsAudit.NotMeasured, rule, $"no robustness runs: {source}", Command);
        var claimed = winners.Where(w => w.Claimed).ToList();
        int irregularBest = winners.Count(w => w.Best == "irregular");
        string kit = $"irregular best by mean in {irregularBest} of {winners.Count} attack columns; claimed winners: " +
                     (claimed.Count == 0 ? "none" : string.Join(", ", claimed.Select(w => $"{Dataset(w.Setting)} {w.Column} {w.Best}")));
        string verdict = claimed.Count == 0 ? ClaimsAudit.Inconclusive
            : claimed.All(w => w.Best == "irregular") && 2 * irregularBest > winners.Count ? ClaimsAudit.Reproduced
            : claimed.Any(w => w.Best == "irregular") ? ClaimsAudit.Mixed : ClaimsAudit.NotReproduced;
        int seeds = records.Select(r => r.Seed).Distinct().Count();
        return new("rq5-robustness", claim, "irregular most robust", kit, verdict, rule, $"{source} ({seeds} seed(s))", Command);
    }

    static string Dataset(string setting) => setting == "standard" ? "mnist" : setting[..setting.IndexOf(' ')];

    static ClaimRow Transfer(List<TransferRecord> records, string source)
    {
        const string claim = "Which sparsity structure transfers best to a new task (RQ5; an extension, not a claim of the paper)";
        const string rule = "no paper figure: the row lists the winner per pair and mode, marking those Rq5Summary claims (best in every one of >= 2 seeds, margin above the seed sd)";
        var winners = Rq5Summary.TransferWinners(records);
        if (winners.Count == 0) return new("rq5-transfer", claim, "-", "-", ClaimsAudit.NotMeasured, rule, $"no transfer runs: {source}", Command);
        string kit = string.Join("; ", winners.Select(w => $"{w.Setting} {w.Column}: {w.Best}{(w.Claimed ? " (claimed)" : " (within seed spread)")}"));
        return new("rq5-transfer", claim, "-", kit, ClaimsAudit.Question, rule, $"{source} ({records.Select(r => r.Seed).Distinct().Count()} seed(s))", Command);
    }
}
