using Kit.Robustness;
using static System.FormattableString;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// Notebook 05: attack a committed model with FGSM at another eps (L-inf, [0,1] pixels) over the first test images.
/// Stated before the run: a larger eps lets the attacker move each pixel further, so robust accuracy falls (a smaller eps:
/// it rises).
/// </summary>
public static class FgsmEps
{
    public const string DefaultRun = "study-mnist-irregular-admm-12x-seed1";

    public static OneChange Run(string repoRoot, double eps = 0.2, double baseline = 0.1, string run = DefaultRun, int images = 500)
    {
        var committed = CommittedModel.Open(repoRoot, run);
        var (model, info) = committed.Load();
        using (model)
        {
            using var splits = CommittedModel.TestImages(info.Dataset, info.Classes, images);
            var r = RobustEvaluator.Evaluate(model, splits.Test, new AttackConfig { Kind = AttackKind.Fgsm }, [baseline, eps]);
            return new OneChange("FGSM eps", Invariant($"eps = {baseline:0.###}"), Invariant($"eps = {eps:0.###}"),
                [new Effect(Invariant($"robust accuracy on the first {r.Count:N0} test images (%)"), r.Points[0].RobustAccuracy, r.Points[1].RobustAccuracy,
                    Effect.Follows(baseline, eps, Expectation.Falls, Expectation.Rises), "F2")],
                Invariant($"Model: {committed.Shown}/model.kitm; clean accuracy {r.CleanAccuracy:F2}% on the same images; every number computed now (an image counts as robust only when it is classified correctly clean and attacked)."));
        }
    }
}
