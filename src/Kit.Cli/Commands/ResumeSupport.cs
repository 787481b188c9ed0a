using System.CommandLine;
using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Training;

namespace Kit.Cli.Commands;

/// <summary>`--resume DIR` for the long-running commands: the run's spec and options come from DIR's checkpoint journal.</summary>
public static class ResumeSupport
{
    public static Option<string?> Option() => new("--resume")
    {
        Description = "continue the run killed in this output folder (spec and options come from its checkpoint/journal.json)",
    };

    /// <summary>
    /// The stored run description of DIR, or null when that run is already complete (its result is verified
    /// against its SHA-256 sidecar and the command has nothing left to do).
    /// </summary>
    public static JsonNode? Read(string dir, string command, string resultFile, params (string name, bool given)[] conflicting)
    {
        foreach (var (name, given) in conflicting)
            if (given) throw new KitException($"--resume takes the spec and options from {dir}'s checkpoint; do not give {name}");
        var j = RunJournal.Read(dir);
        if (j.Command != command)
            throw new KitException($"{RunJournal.PathIn(dir)}: the checkpoint is of a `kit {j.Command}` run, not `kit {command}`");
        if (j.Complete)
        {
            var result = Path.Combine(dir, resultFile);
            if (!File.Exists(result)) throw new KitException($"{result}: missing although the checkpoint says the run completed");
            AtomicFile.VerifyChecksum(result);
            Console.WriteLine($"{dir}: the run is already complete ({result} verified); nothing to resume");
            return null;
        }
        Console.WriteLine($"resuming {dir}: {j.Units.Count} epochs checkpointed");
        return j.Run ?? throw new KitException($"{RunJournal.PathIn(dir)}: no run description");
    }
}
