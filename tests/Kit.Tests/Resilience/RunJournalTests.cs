using System.Text.Json.Nodes;
using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>Which existing journal a run may continue: the same experiment, unfinished; never a finished or a foreign one.</summary>
public class RunJournalTests
{
    static JsonObject Run(int seed, int threads = 1, string? dataDir = null) =>
        new() { ["spec"] = new JsonObject { ["seed"] = seed, ["threads"] = threads, ["data"] = new JsonObject { ["data_dir"] = dataDir } } };

    [Fact]
    public void Only_an_unfinished_journal_of_the_same_experiment_is_continued()
    {
        using var d = new TempDir();
        using (RunJournal.Open(d.Path, "compress", Run(1), ResumeMode.Fresh)) { }
        // Threads and the data folder are not part of the identity: another machine may resume.
        using (var j = RunJournal.Open(d.Path, "compress", Run(1, threads: 4, dataDir: "/elsewhere"), ResumeMode.Resume))
            Assert.Equal(0, j.Replayable);
        var e = Assert.Throws<KitException>(() => RunJournal.Open(d.Path, "compress", Run(2), ResumeMode.Resume));
        Assert.Contains("the checkpoint is of another run", e.Message);
        e = Assert.Throws<KitException>(() => RunJournal.Open(d.Path, "train", Run(1), ResumeMode.IfPresent));
        Assert.Contains("holds an unfinished compress run of another spec", e.Message);

        using (var j = RunJournal.Open(d.Path, "compress", Run(1), ResumeMode.IfPresent)) j.Complete();
        e = Assert.Throws<KitException>(() => RunJournal.Open(d.Path, "compress", Run(1), ResumeMode.Resume));
        Assert.Contains("already complete", e.Message);
        using (var j = RunJournal.Open(d.Path, "compress", Run(1), ResumeMode.IfPresent)) Assert.Equal(0, j.EpochsDone);
        Assert.False(RunJournal.Read(d.Path).Complete);
    }

    [Fact]
    public void A_second_opener_of_a_folder_is_refused_while_the_first_holds_it()
    {
        using var d = new TempDir();
        using var first = RunJournal.Open(d.Path, "train", Run(1), ResumeMode.Fresh);
        var e = Assert.Throws<KitException>(() => RunJournal.Open(d.Path, "train", Run(1), ResumeMode.Resume));
        Assert.Contains("in use by another kit process", e.Message);
    }
}
