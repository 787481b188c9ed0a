using System.CommandLine;
using Kit.Cli.Commands;

namespace Kit.Cli;

public static class Program
{
    /// <summary>Each area of the kit contributes its commands here (one file per area under Commands/).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("kit: reproduce and audit 'Non-Structured DNN Weight Pruning -- Is It Beneficial in Any Platform?' (Ma et al.)");
        foreach (var c in TrainCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in NotebookCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in ChartCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in CostCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in CompressCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in BudgetCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in ResultsCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in ClaimsCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in ReproduceCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in Rq5Commands.Create()) root.Subcommands.Add(c);
        foreach (var c in SweepCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in StudyCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in ExportCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in MutationCommands.Create()) root.Subcommands.Add(c);
        foreach (var c in DocsCommands.Create()) root.Subcommands.Add(c);
        return root;
    }

    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
