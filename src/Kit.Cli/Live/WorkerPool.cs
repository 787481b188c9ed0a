using System.Diagnostics;

namespace Kit.Cli.Live;

/// <summary>
/// Runs N worker processes of the kit at once and shows them: their log lines (prefixed [wI]) and, on a terminal, a
/// live region from a <see cref="WorkerBoard"/> fed with their events. Returns each worker's exit code.
/// Ctrl+C reaches the workers too (same process group); a worker that dies leaves its entries resumable.
/// </summary>
public static class WorkerPool
{
    public static int[] Run(IReadOnlyList<IReadOnlyList<string>> workerArgs, WorkerBoard board, LiveConsole console)
    {
        var gate = new object();
        var processes = new List<Process>();
        try
        {
            foreach (var args in workerArgs)
            {
                var p = Process.Start(SelfCommand.StartInfo(args)) ?? throw new KitException("could not start a worker process");
                processes.Add(p);
            }
            console.SetLive(board.Render(), force: true);
            var pumps = processes.SelectMany((p, i) => new[]
            {
                Pump(p.StandardOutput, line => OnLine(i, line)),
                Pump(p.StandardError, line => { lock (gate) console.Log($"[w{i}] {line}"); }),
            }).ToArray();
            foreach (var (p, i) in processes.Select((p, i) => (p, i)))
            {
                p.WaitForExit();
                lock (gate) { board.Exited(i); console.SetLive(board.Render(), force: true); }
            }
            Task.WaitAll(pumps);
            console.Finish();
            return processes.Select(p => p.ExitCode).ToArray();
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }

        void OnLine(int worker, string line)
        {
            lock (gate)
            {
                if (WorkerEvent.TryParse(line) is { } e)
                {
                    if (board.Apply(worker, e) is { } note) console.Log(note);
                    console.SetLive(board.Render(), force: e.Kind is "start" or "end");
                }
                else console.Log($"[w{worker}] {line}");
            }
        }
    }

    static Task Pump(StreamReader reader, Action<string> onLine) => Task.Run(() =>
    {
        while (reader.ReadLine() is { } line) onLine(line);
    });
}
