using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class ExperimentCacheTests
{
    public sealed record Spec(string Scheme, double Rate, int Seed, List<int>? Layers = null);
    public sealed record Outcome(double Accuracy, string File);

    [Fact]
    public void Key_depends_on_content_and_kit_version_not_on_property_order()
    {
        using var d = new TempDir();
        var c = new ExperimentCache(d.Path, "1.0.0");
        var a = c.Key(new Spec("irregular", 10, 1));
        Assert.Equal(64, a.Length);
        Assert.Equal(a, c.Key(new Spec("irregular", 10, 1)));
        Assert.NotEqual(a, c.Key(new Spec("irregular", 10, 2)));
        Assert.NotEqual(a, new ExperimentCache(d.Path, "1.0.1").Key(new Spec("irregular", 10, 1)));
        // Anonymous objects with the same fields in another order hash the same.
        Assert.Equal(c.Key(new { b = 1, a = new { y = 2, x = 3 } }), c.Key(new { a = new { x = 3, y = 2 }, b = 1 }));
        Assert.Equal("{\"a\":{\"x\":3,\"y\":2},\"b\":1}", ExperimentCache.CanonicalJson(new { b = 1, a = new { y = 2, x = 3 } }));
    }

    [Fact]
    public void Second_request_reuses_the_entry_and_its_files()
    {
        using var d = new TempDir();
        var c = new ExperimentCache(d.Path, "1.0.0");
        int calls = 0;
        Outcome Compute(string dir) { calls++; File.WriteAllText(Path.Combine(dir, "result.json"), "{}"); return new Outcome(98.5, "result.json"); }
        var first = c.GetOrComputeEntry(new Spec("column", 20, 1), Compute);
        var second = c.GetOrComputeEntry(new Spec("column", 20, 1), Compute);
        Assert.False(first.Hit);
        Assert.True(second.Hit);
        Assert.Equal(1, calls);
        Assert.Equal(first.Dir, second.Dir);
        Assert.Equal(new Outcome(98.5, "result.json"), second.Value);
        Assert.True(File.Exists(Path.Combine(second.Dir, "result.json")));
        Assert.True(c.Contains(new Spec("column", 20, 1)));
        // A fresh cache object on the same folder (another process, later) sees it too.
        Assert.True(new ExperimentCache(d.Path, "1.0.0").TryGet<Spec, Outcome>(new Spec("column", 20, 1), out var again));
        Assert.Equal(98.5, again!.Value.Accuracy);
    }

    [Fact]
    public void Failed_computation_publishes_nothing()
    {
        using var d = new TempDir();
        var c = new ExperimentCache(d.Path, "1.0.0");
        Assert.Throws<InvalidOperationException>(() => c.GetOrCompute<Spec, Outcome>(new Spec("filter", 5, 1), dir =>
        {
            File.WriteAllText(Path.Combine(dir, "partial.bin"), "x");
            throw new InvalidOperationException("diverged");
        }));
        Assert.False(c.Contains(new Spec("filter", 5, 1)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(d.Path, ".tmp")));
        Assert.Equal(7.0, c.GetOrCompute(new Spec("filter", 5, 1), _ => new Outcome(7, "")).Accuracy);
    }

    [Fact]
    public void Entry_failing_its_check_is_named_set_aside_and_computed_again()
    {
        using var d = new TempDir();
        var c = new ExperimentCache(d.Path, "1.0.0");
        var spec = new Spec("irregular", 50, 1);
        Outcome Compute(string dir) { File.WriteAllText(Path.Combine(dir, "weights.bin"), "complete"); return new Outcome(1, "weights.bin"); }
        // The check stands for a file's SHA-256: sound while the file holds what the computation wrote.
        string? Check(CacheEntry<Outcome> e)
        {
            var f = Path.Combine(e.Dir, e.Value.File);
            return File.ReadAllText(f) == "complete" ? null : $"{f}: corrupt";
        }
        var messages = new List<string>();
        var first = c.GetOrComputeEntry(spec, Compute, verify: Check, log: messages.Add);
        Assert.True(c.GetOrComputeEntry(spec, Compute, verify: Check, log: messages.Add).Hit);
        File.WriteAllText(Path.Combine(first.Dir, "weights.bin"), "compl");

        var again = c.GetOrComputeEntry(spec, Compute, verify: Check, log: messages.Add);
        Assert.False(again.Hit);
        var message = Assert.Single(messages);
        Assert.StartsWith($"{Path.Combine(first.Dir, "weights.bin")}: corrupt", message);
        var aside = Assert.Single(Directory.GetDirectories(Path.Combine(d.Path, ".corrupt")));
        Assert.Contains(aside, message);
        Assert.Equal("compl", File.ReadAllText(Path.Combine(aside, "weights.bin")));
        Assert.Equal("complete", File.ReadAllText(Path.Combine(again.Dir, "weights.bin")));
    }

    [Fact]
    public void Folder_without_entry_file_is_set_aside_not_a_crash()
    {
        using var d = new TempDir();
        var c = new ExperimentCache(d.Path, "1.0.0");
        var spec = new Spec("column", 5, 1);
        // A partial copy of an entry (entries are only ever published whole, by one rename).
        Directory.CreateDirectory(c.EntryDir(c.Key(spec)));
        File.WriteAllText(Path.Combine(c.EntryDir(c.Key(spec)), "half.bin"), "x");
        var messages = new List<string>();
        var e = c.GetOrComputeEntry(spec, _ => new Outcome(2, ""), log: messages.Add);
        Assert.False(e.Hit);
        Assert.Equal(2, e.Value.Accuracy);
        Assert.Contains($"{Path.Combine(c.EntryDir(c.Key(spec)), ExperimentCache.EntryFile)}: missing", Assert.Single(messages));
        Assert.True(File.Exists(Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(d.Path, ".corrupt"))), "half.bin")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Concurrent_writers_of_one_key_leave_one_intact_entry(bool useLocks)
    {
        using var d = new TempDir();
        const int writers = 6;
        int calls = 0;
        var start = new Barrier(writers);
        var results = new CacheEntry<Outcome>[writers];
        var threads = Enumerable.Range(0, writers).Select(i => new Thread(() =>
        {
            // Separate cache objects: nothing is shared in memory, as between processes.
            var c = new ExperimentCache(d.Path, "1.0.0") { UseLocks = useLocks, LockPoll = TimeSpan.FromMilliseconds(5) };
            start.SignalAndWait();
            results[i] = c.GetOrComputeEntry(new Spec("irregular", 100, 3), dir =>
            {
                Interlocked.Increment(ref calls);
                // Each writer writes a file that names it; a mixed entry would show two names.
                for (int k = 0; k < 20; k++) File.AppendAllText(Path.Combine(dir, "log.txt"), $"writer {i}\n");
                Thread.Sleep(50);
                return new Outcome(90 + i, $"writer {i}");
            });
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        if (useLocks) Assert.Equal(1, calls);
        var dir = results[0].Dir;
        Assert.All(results, r => Assert.Equal(dir, r.Dir));
        var winner = results.Select(r => r.Value).Distinct().Single();
        var lines = File.ReadAllLines(Path.Combine(dir, "log.txt")).Distinct().ToArray();
        Assert.Equal([winner.File], lines);
        Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(dir)!));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(d.Path, ".tmp")));
    }
}

public class ExperimentCacheProcessTests
{
    [Fact]
    public void Writers_in_separate_processes_compute_once_and_agree()
    {
        using var d = new TempDir();
        var go = d.File("go");
        var self = typeof(ExperimentCacheProcessTests).Assembly.Location;
        var procs = Enumerable.Range(0, 3).Select(i =>
        {
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { self, "cache-writer", d.Path, i.ToString(), go }) psi.ArgumentList.Add(a);
            return System.Diagnostics.Process.Start(psi)!;
        }).ToList();
        File.WriteAllText(go, "");
        var outputs = procs.Select(p =>
        {
            var err = p.StandardError.ReadToEndAsync();
            var o = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err.Result);
            return o.Split('|');
        }).ToList();
        procs.ForEach(p => p.Dispose());

        Assert.Single(File.ReadAllLines(d.File("calls.txt")));
        Assert.Single(outputs.Select(o => o[0]).Distinct());
        var value = outputs.Select(o => o[1]).Distinct().Single();
        Assert.Equal(2, outputs.Count(o => o[2] == "True"));
        Assert.Equal([value], File.ReadAllLines(Path.Combine(outputs[0][0], "log.txt")).Distinct());
    }
}
