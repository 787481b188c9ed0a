using Kit.Experiments;

namespace Kit.Tests;

/// <summary>
/// Helper-process entry point for tests that need a second process (the test host never calls it).
/// `dotnet Kit.Tests.dll cache-writer ROOT ID GOFILE`: waits for GOFILE, then asks the cache for a fixed spec.
/// `dotnet Kit.Tests.dll kit ARGS...`: the kit CLI itself, for tests that kill -9 a real run or race two of them.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["kit", .. var kitArgs])
        {
            // Workers of `--jobs` start this helper mode again, not the test host.
            Kit.Cli.Live.SelfCommand.Prefix = [typeof(Program).Assembly.Location, "kit"];
            return Kit.Cli.Program.Main(kitArgs);
        }
        if (args is ["cache-compress", var cacheRoot, var specFile])
        {
            // As `kit reproduce` does: a compression run computed through the experiment cache, resumable after a kill.
            var spec = Kit.IO.Json.ReadFile<CompressionSpec>(specFile);
            var entry = new ExperimentCache(cacheRoot).GetOrComputeEntry(spec, dir => CompressionPipeline.Run(spec, dir,
                new CompressionOptions { Resume = Kit.Training.ResumeMode.IfPresent, Log = Console.WriteLine }), resumable: true);
            Console.WriteLine($"entry {entry.Dir} accuracy {entry.Value.Accuracy} hit {entry.Hit}");
            return 0;
        }
        if (args is ["cache-writer", var root, var id, var go])
        {
            while (!File.Exists(go)) Thread.Sleep(5);
            var cache = new ExperimentCache(root, "1.0.0") { LockPoll = TimeSpan.FromMilliseconds(10) };
            var e = cache.GetOrComputeEntry(new { scheme = "column", rate = 8.0 }, dir =>
            {
                File.AppendAllText(Path.Combine(root, "calls.txt"), id + "\n");
                for (int k = 0; k < 20; k++) File.AppendAllText(Path.Combine(dir, "log.txt"), $"writer {id}\n");
                Thread.Sleep(300);
                return $"writer {id}";
            });
            Console.WriteLine($"{e.Dir}|{e.Value}|{e.Hit}");
            return 0;
        }
        Console.Error.WriteLine("usage: Kit.Tests cache-writer ROOT ID GOFILE");
        return 2;
    }
}
