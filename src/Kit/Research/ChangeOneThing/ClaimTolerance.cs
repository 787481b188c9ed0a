using Kit.Research.Claims;
using static System.FormattableString;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 06: change how much less accurate a structured model may be and still count as "equally accurate"
/// (<see cref="ClaimsAudit.AccuracyTolerance"/>), then audit the committed results again. Stated before the run: a larger
/// tolerance never loses a matched pair, so the pairs rise or stay (a smaller one: fall or stay).
/// </summary>
public static class ClaimTolerance
{
    public static OneChange Run(string repoRoot, double tolerance = 0.5)
    {
        if (!(tolerance >= 0)) throw new KitException($"tolerance must be >= 0 points, got {tolerance}");
        var before = ClaimsAudit.Audit(repoRoot);
        var after = ClaimsAudit.Audit(repoRoot, before.Thresholds with { AccuracyTolerance = tolerance });
        double t0 = before.Thresholds.AccuracyTolerance;
        double Wins(ClaimsAuditResult a) => a.Pairs.Count(p => p.StructuredStoresLess);
        return new OneChange("accuracy tolerance of a matched pair", Invariant($"{t0:0.##} points"), Invariant($"{tolerance:0.##} points"),
        [
            new Effect("matched pairs", before.Pairs.Count, after.Pairs.Count, Effect.Follows(t0, tolerance, Expectation.RisesOrStays, Expectation.FallsOrStays)),
            new Effect("pairs where structured stores less", Wins(before), Wins(after), Effect.Follows(t0, tolerance, Expectation.RisesOrStays, Expectation.FallsOrStays)),
        ],
        $"The committed results under results/, audited twice now. Storage verdict: {before.Row("storage").Verdict} -> {after.Row("storage").Verdict}; " +
        $"computation: {before.Row("computation").Verdict} -> {after.Row("computation").Verdict}.");
    }
}
