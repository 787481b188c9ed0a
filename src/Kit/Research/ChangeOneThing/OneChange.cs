using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Kit.Research.ChangeOneThing;

/// <summary>Which way a number moved.</summary>
public enum Direction { Falls, Stays, Rises }

/// <summary>Which way a number is expected to move; the "or stays" forms where a tie is possible (a cap, an optimum).</summary>
public enum Expectation { Falls, FallsOrStays, Stays, RisesOrStays, Rises }

/// <summary>One number before and after the change, the direction stated before the run, and the direction measured.</summary>
public sealed record Effect(string Quantity, double Before, double After, Expectation Expected, string Format = "N0")
{
    public Direction Observed => After < Before ? Direction.Falls : After > Before ? Direction.Rises : Direction.Stays;

    public bool AsExpected => Expected switch
    {
        Expectation.Falls => Observed == Direction.Falls,
        Expectation.FallsOrStays => Observed != Direction.Rises,
        Expectation.Stays => Observed == Direction.Stays,
        Expectation.RisesOrStays => Observed != Direction.Falls,
        _ => Observed == Direction.Rises,
    };

    /// <summary>The expectation that follows from moving a knob up or down: <paramref name="up"/> when the new value is larger.</summary>
    public static Expectation Follows(double oldValue, double newValue, Expectation up, Expectation down) =>
        newValue > oldValue ? up : newValue < oldValue ? down : Expectation.Stays;

    public static string Text(Expectation e) => e switch
    {
        Expectation.FallsOrStays => "falls or stays",
        Expectation.RisesOrStays => "rises or stays",
        _ => e.ToString().ToLowerInvariant(),
    };

    public static string Text(Direction d) => d switch { Direction.Falls => "fell", Direction.Rises => "rose", _ => "stayed" };
}

/// <summary>
/// The outcome of a notebook's "change one thing" cell: what was changed (from what to what), on what (with where the
/// numbers come from), each effect with its stated and measured direction, and whether they agree: computed, never typed.
/// </summary>
public sealed record OneChange(string Change, string From, string To, IReadOnlyList<Effect> Effects, string Provenance)
{
    public bool AllAsExpected => Effects.All(e => e.AsExpected);

    public DataFrame Table() => ReproFrames.From(Effects.Select(e => new Dictionary<string, object?>
    {
        ["quantity"] = e.Quantity, [$"before ({From})"] = e.Before, [$"after ({To})"] = e.After,
        ["expected"] = Effect.Text(e.Expected), ["measured"] = Effect.Text(e.Observed), ["as expected"] = e.AsExpected ? "yes" : "no",
    }));

    /// <summary>The change, each effect in words, and the verdict on the stated expectation.</summary>
    public string Summary
    {
        get
        {
            var ic = CultureInfo.InvariantCulture;
            var sb = new StringBuilder($"Change: {Change}, {From} -> {To}. {Provenance}\n");
            foreach (var e in Effects)
                sb.Append(ic, $"- {e.Quantity}: {e.Before.ToString(e.Format, ic)} -> {e.After.ToString(e.Format, ic)}: {Effect.Text(e.Observed)}; expected: {Effect.Text(e.Expected)}: ")
                  .Append(e.AsExpected ? "as expected.\n" : "NOT as expected.\n");
            int ok = Effects.Count(e => e.AsExpected);
            sb.Append(ok == Effects.Count ? $"Every effect ({ok} of {Effects.Count}) went the way stated before the run."
                : $"{Effects.Count - ok} of {Effects.Count} effect(s) went against the stated expectation: a finding to explain, not a number to hide.");
            return sb.ToString();
        }
    }

    public override string ToString() => Summary;
}
