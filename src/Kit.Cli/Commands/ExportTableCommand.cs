using System.CommandLine;
using Kit.Docs;
using Kit.Export;
using Kit.IO;
using Kit.Results;
using Kit.Study;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>
/// `kit export table`: published study runs' models written in every format, with file bytes vs the `.pt` and the cost
/// model and the load-and-evaluate time, recorded as JSON (results/export/formats.json) and rendered into README blocks.
/// Without --runs it only re-renders the recorded JSON.
/// </summary>
public static class ExportTableCommand
{
    public static Command Create()
    {
        var runs = new Option<string[]>("--runs") { Description = "published study run folders (results/study/RUN, each with model.kitm) to measure; without it the recorded JSON is only rendered", AllowMultipleArgumentsPerToken = true };
        var formats = new Option<string[]>("--formats") { Description = $"only these formats (default: every one: {string.Join(", ", LayerCodecs.Names)})", AllowMultipleArgumentsPerToken = true };
        var repeats = Positive("--repeats", "timed load-and-evaluate passes per file (the table gives the median)", 3, 100);
        var limit = new Option<int?>("--limit") { Description = "evaluate only the first N test images (default: the full test split)" };
        var output = new Option<string>("--out") { Description = "the JSON record to write (with --runs) or to render", DefaultValueFactory = _ => FormatBenchmarkTable.DefaultJson };
        var files = new Option<string>("--files") { Description = "where the exported files go (FILES/RUN/model.FORMAT.kitm, model.pt)", DefaultValueFactory = _ => Path.Combine("artifacts", "export", "table") };
        var into = new Option<string[]>("--into") { Description = "rewrite the generated block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var threads = Threads();
        var data = DataDir();
        var cmd = new Command("table", "study runs' models in every format: file bytes vs the .pt and the cost model, load and evaluate time; recorded as JSON and rendered as markdown")
        {
            runs, formats, repeats, limit, output, files, into, threads, data,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var json = r.GetValue(output)!;
            var targets = r.GetValue(into) ?? [];
            // Every input is checked before anything is measured or written.
            CheckInto(targets, GeneratedBlocks.Markers("export table"));
            var runDirs = r.GetValue(runs) ?? [];
            FormatBenchmarkReport report;
            if (runDirs.Length == 0)
            {
                if ((r.GetValue(formats) ?? []).Length > 0 || r.GetValue(limit) is not null) throw new KitException("--formats and --limit need --runs (without --runs the recorded JSON is only rendered)");
                report = FormatBenchmarkTable.Read(json);
            }
            else
            {
                if (r.GetValue(limit) is < 1) throw new KitException($"--limit must be >= 1, got {r.GetValue(limit)}");
                var codecs = (r.GetValue(formats) ?? []) is { Length: > 0 } asked ? asked.Select(f => LayerCodecs.Get(f, "--formats")).Distinct().ToList() : [.. LayerCodecs.All];
                var sources = runDirs.Select(RunExportSource.From).ToList();
                TorchRuntime.Start(r.GetValue(threads));
                report = FormatBenchmark.Measure(sources, codecs, r.GetValue(repeats), r.GetValue(limit), r.GetValue(files)!, r.GetValue(data), Console.WriteLine);
                if (Path.GetDirectoryName(json) is { Length: > 0 } parent) Directory.CreateDirectory(parent);
                AtomicFile.WriteAllText(json, Json.Serialize(report) + "\n");
                Console.WriteLine($"wrote {json}");
            }
            var md = FormatBenchmarkTable.ToMarkdown(report, json.Replace('\\', '/'));
            WriteInto(targets, md, GeneratedBlocks.Markers("export table"));
            if (targets.Length == 0) Console.Write(md);
            return 0;
        }));
        return cmd;
    }
}
