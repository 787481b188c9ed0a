using System.Runtime.InteropServices;
using TorchSharp;

namespace Kit;

/// <summary>
/// One place that starts libtorch. TorchSharp's own error for a native library the loader refuses is a
/// misleading "doesn't contain a reference to libtorch-cpu" (and it copies ~480 MB into a cpu/ folder
/// while failing), so we load the wrapper ourselves first and report the loader's real message.
/// </summary>
public static class TorchRuntime
{
    static readonly object Gate = new();
    static bool started;

    public static int Threads { get; private set; }

    /// <summary>The thread count <see cref="Start"/> uses for <paramref name="threads"/> (0 = min(2, cores)), without starting torch.</summary>
    public static int ResolveThreads(int threads) => threads > 0 ? threads : Math.Min(2, Environment.ProcessorCount);

    /// <summary>Start torch with a fixed thread count (results are bit-identical only for a fixed count).</summary>
    public static void Start(int threads = 0)
    {
        lock (Gate)
        {
            if (!started)
            {
                var dir = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? ".";
                var wrapper = Path.Combine(dir, OperatingSystem.IsWindows() ? "LibTorchSharp.dll"
                    : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so");
                if (File.Exists(wrapper))
                {
                    try { NativeLibrary.Load(wrapper); }
                    catch (DllNotFoundException e)
                    {
                        throw new KitException(
                            $"cannot load TorchSharp's native wrapper {wrapper}: {e.Message}. " +
                            "On Debian 12 the build marks its GLIBCXX_3.4.32 need weak; rebuild (dotnet build) so that step runs.");
                    }
                }
                // Inter-op parallelism is unused by these models and can only be set before first use.
                try { torch.set_num_interop_threads(1); } catch (Exception) { }
                started = true;
            }
            threads = ResolveThreads(threads);
            torch.set_num_threads(threads);
            Threads = threads;
        }
    }
}
