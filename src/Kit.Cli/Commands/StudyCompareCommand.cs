using System.CommandLine;
using Kit.Docs;
using Kit.Study;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit study compare BASELINE TRIAL`: a study rerun with one change, run by run against the study it varies.</summary>
public static class StudyCompareCommand
{
    public static Command Create()
    {
        var baseline = new Argument<string>("baseline") { Description = "results folder of the study varied, e.g. results/study" };
        var trial = new Argument<string>("trial") { Description = "results folder of the trial study (same chains, one change), e.g. results/study-retrain-lr03" };
        var into = new Option<string[]>("--into") { Description = "rewrite this comparison's generated block of these markdown files (docs/compression.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("compare", "a trial study (the study's chains with one change) against the study, run by run: test accuracy on each side and the difference, paired by dataset, chain, rate, bits and seed") { baseline, trial, into };
        cmd.SetAction(r => Guard(() =>
        {
            string a = r.GetValue(baseline)!, b = r.GetValue(trial)!;
            var md = StudyComparison.ToMarkdown(a, b);
            var targets = r.GetValue(into) ?? [];
            var markers = GeneratedBlocks.Get("study compare").Markers(new Dictionary<string, string> { ["baseline"] = StudyComparison.Shown(a), ["trial"] = StudyComparison.Shown(b) });
            WriteInto(targets, md, markers);
            if (targets.Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
