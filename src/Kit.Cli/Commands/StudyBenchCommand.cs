using System.CommandLine;
using System.Diagnostics;
using Kit.Study;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit study bench`: each published study run's model timed on this CPU, written to its folder as cpu.json (<see cref="StudyBench"/>).</summary>
public static class StudyBenchCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "the study's results folder", DefaultValueFactory = _ => Path.Combine("results", Kit.Results.ResultsSummary.StudyFolder) };
        var artifacts = new Option<string>("--artifacts") { Description = "checkpoints folder (DIR/RUN/model.pt), used for runs without model.kitm in their results folder", DefaultValueFactory = _ => Path.Combine("artifacts", "study") };
        var name = new Option<string>("--study") { Description = "the study's name (its run folders start with it)", DefaultValueFactory = _ => "study" };
        var runs = new Option<string[]>("--runs") { Description = "run folder names to time (default: every published run)", AllowMultipleArgumentsPerToken = true };
        var onlyVerdict = new Option<bool>("--only-verdict") { Description = "time only the runs the current verdict rows name, and the dense runs of their datasets" };
        var threads = Positive("--threads", "threads of torch and the CSR kernel alike (recorded in cpu.json)", 1, 256);
        var repeats = Positive("--repeats", "timed forwards per batch size (the median is reported)", 201, 1_000_000);
        var rounds = Positive("--rounds", "time every run this many times, one round over all runs after another, so each run's rounds span the session; cpu.json keeps each round's median and the verdict reads their range as the timing noise", 1, 1000);
        var cmd = new Command("bench", "time each published run's prunable layers on this CPU at batch 1 and 64 (CSR kernel for irregular and N:M, dense GEMM on the shrunk shapes for structured, full GEMM for dense) and write cpu.json into its folder; `kit study verdict` reads them")
        {
            results, artifacts, name, runs, onlyVerdict, threads, repeats, rounds,
        };
        cmd.SetAction(r => Guard(() =>
        {
            int t = r.GetValue(threads);
            if (t > Environment.ProcessorCount) throw new KitException($"--threads: {t} is more than the {Environment.ProcessorCount} cores of this machine");
            if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
                Console.Error.WriteLine("note: OMP_WAIT_POLICY is unset; with other load on the machine, OMP_WAIT_POLICY=PASSIVE avoids spinning threads");
            var o = new StudyBenchOptions
            {
                ResultsDir = r.GetValue(results)!, ArtifactsDir = r.GetValue(artifacts)!, Study = r.GetValue(name)!,
                Runs = r.GetValue(runs) ?? [], OnlyVerdict = r.GetValue(onlyVerdict), Threads = t, Repeats = r.GetValue(repeats), Rounds = r.GetValue(rounds),
                Log = Console.WriteLine,
            };
            var clock = Stopwatch.StartNew();
            var done = StudyBench.Run(o);
            Console.WriteLine($"timed {done.Count} run(s) with {t} thread(s), {o.Repeats} repeats each{(o.Rounds > 1 ? $" in each of {o.Rounds} rounds" : "")}, in {clock.Elapsed.TotalSeconds:F0} s; wrote cpu.json into each run's folder (`kit study verdict` reads them)");
            return 0;
        }));
        return cmd;
    }
}
