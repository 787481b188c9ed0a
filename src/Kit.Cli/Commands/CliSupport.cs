using System.CommandLine;
using Kit.Docs;
using Spectre.Console;

namespace Kit.Cli.Commands;

/// <summary>Shared option shapes and the error boundary: user errors print one line, never a stack trace.</summary>
public static class CliSupport
{
    /// <summary>
    /// Rewrites generated blocks of each file (`--into`): each block between its markers. Every file is read and spliced
    /// before any is written, so a missing file or marker leaves all of them as they were.
    /// </summary>
    public static void WriteInto(IReadOnlyCollection<string> files, IReadOnlyList<(BlockMarkers Markers, string Block)> blocks, TextWriter? report = null)
    {
        var spliced = files.Select(f => (File: f, Text: blocks.Aggregate(ReadInto(f), (text, b) => b.Markers.Splice(text, b.Block, f)))).ToList();
        foreach (var (f, text) in spliced)
        {
            Kit.IO.AtomicFile.WriteAllText(f, text);
            (report ?? Console.Out).WriteLine($"updated {f}");
        }
    }

    public static void WriteInto(IReadOnlyCollection<string> files, string block, BlockMarkers markers, TextWriter? report = null) => WriteInto(files, [(markers, block)], report);

    /// <summary>The checks of <see cref="WriteInto(IReadOnlyCollection{string}, IReadOnlyList{ValueTuple{BlockMarkers, string}}, TextWriter?)"/> without writing: for commands that measure before they write.</summary>
    public static void CheckInto(IReadOnlyCollection<string> files, params BlockMarkers[] markers) =>
        _ = files.Select(f => markers.Aggregate(ReadInto(f), (text, m) => m.Splice(text, "", f))).ToList();

    static string ReadInto(string file) => File.Exists(file) ? File.ReadAllText(file) : throw new KitException($"--into {file}: no such file");

    public static Option<int> Seed() => new("--seed") { Description = "random seed (weights, data order)", DefaultValueFactory = _ => 1 };
    public static Option<int> Threads() => new("--threads") { Description = "torch CPU threads (results are bit-identical only for a fixed count)", DefaultValueFactory = _ => 2 };
    public static Option<string?> DataDir() => new("--data") { Description = "data folder (default: the repo's data/, or $KIT_DATA)" };

    public static Option<int> Positive(string name, string description, int defaultValue, int max = int.MaxValue)
    {
        var o = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v < 1 || v > max) r.AddError($"{name} must be in 1..{max}, got {v}");
        });
        return o;
    }

    public static Option<string> OneOf(string name, string description, IEnumerable<string> allowed, string defaultValue)
    {
        var list = allowed.ToArray();
        var o = new Option<string>(name) { Description = $"{description} ({string.Join(", ", list)})", DefaultValueFactory = _ => defaultValue };
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (!list.Contains(v, StringComparer.OrdinalIgnoreCase)) r.AddError($"{name}: unknown value '{v}' (known: {string.Join(", ", list)})");
        });
        return o;
    }

    /// <summary>Runs a command body; KitException (bad input, corrupt file, divergence) becomes one message and exit 1.</summary>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (KitException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
