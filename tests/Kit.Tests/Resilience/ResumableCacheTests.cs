using Kit.Experiments;
using Kit.Training;

namespace Kit.Tests.Resilience;

/// <summary>
/// `kit reproduce` computes its runs through the experiment cache. A run killed there leaves its partial folder,
/// named by the key alone; the next computation of the key (it holds the key's lock) resumes it instead of starting over.
/// </summary>
public class ResumableCacheTests
{
    [Fact]
    public void Killed_cache_computation_is_resumed_by_the_next_one_and_published_once()
    {
        using var d = new TempDir();
        var spec = TinyRuns.Write(d.File("tiny.json"), TinyRuns.Compress);
        var root = d.File("cache");
        KitProcess.KillAt("after-commit:3", d.Path, "cache-compress", root, spec);
        var partial = Assert.Single(Directory.GetDirectories(Path.Combine(root, ".tmp")));
        Assert.EndsWith(".partial", partial);
        Assert.Equal(4, RunJournal.Read(partial).Units.Count);

        var (code, stdout, stderr) = KitProcess.RunMode("cache-compress", root, spec);
        Assert.True(code == 0, stderr);
        Assert.Contains($"resuming {partial}: 4 epochs done", stdout);
        Assert.Contains("hit False", stdout);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, ".tmp")));
        var key = new ExperimentCache(root).Key(Kit.IO.Json.ReadFile<CompressionSpec>(spec));
        var entry = new ExperimentCache(root).EntryDir(key);
        Assert.True(RunJournal.Read(entry).Complete);
        Assert.True(File.Exists(Path.Combine(entry, "result.json")));
    }
}
