using System.Globalization;

namespace Kit.Study;

/// <summary>
/// A study plan's totals as the README and docs/study.md quote them: runs and training epochs, with and without shared
/// prefixes, and how much of each is still to run against a results folder. Generated (`kit study plan --into`), so a spec
/// that grows changes the quoted totals with `kit docs update`, not by hand.
/// </summary>
public static class StudyPlanSummary
{
    public static string ToMarkdown(StudyPlan plan, string specFile, string resultsDir, string resultsLabel, double epochSeconds = 30)
    {
        var o = new StudyRunOptions { ResultsDir = resultsDir };
        var todo = plan.Nodes.Where(n => !StudyRunner.IsDone(n, o)).ToList();
        int todoEpochs = todo.Sum(n => n.Epochs);
        var c = CultureInfo.InvariantCulture;
        return string.Create(c,
            $"The plan of `{specFile}` (`./kit study plan {specFile}` lists every run, its parent and whether it is done), against `{resultsLabel}`:\n\n" +
            $"- runs: {plan.Nodes.Count:N0} ({plan.Nodes.Count - todo.Count:N0} published, {todo.Count:N0} to run)\n" +
            $"- epochs with shared prefixes: {plan.SharedEpochs:N0} ({todoEpochs:N0} still to run: ~{todoEpochs * epochSeconds / 3600:F1} CPU-hours at {epochSeconds:0.#} s per 60,000-image epoch on one thread)\n" +
            $"- epochs with every reported model run on its own from scratch: {plan.UnsharedEpochs:N0} ({(double)plan.UnsharedEpochs / plan.SharedEpochs:F1}x the shared plan)\n");
    }
}
