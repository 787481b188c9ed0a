using System.CommandLine;
using Kit.Export;
using Kit.IO;
using Kit.Training;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit export` (a model as a compressed model file, docs/model-files.md) and `kit eval` (test accuracy of a saved or exported model).</summary>
public static class ExportCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Export();
        yield return Eval();
    }

    static Command Export()
    {
        var model = new Option<string>("--model") { Description = "a saved model: a folder holding model.pt, a .pt with its .json sidecar, or an exported file", Required = true };
        var format = new Option<string?>("--format") { Description = $"storage format ({string.Join(", ", LayerCodecs.Names)}; aliases as in kit cost)" };
        var bits = new Option<int?>("--bits") { Description = "bits per value code, 1..32 (default: the smallest of 1..16 that holds every layer's levels, else 32 = raw float32)" };
        var output = new Option<string?>("--out") { Description = "the file to write (with --all-formats: a folder, default artifacts/export)" };
        var all = new Option<bool>("--all-formats") { Description = "export in every format and print a markdown table of file bytes vs the .pt and the cost model" };
        var json = new Option<bool>("--json") { Description = "print the JSON report instead of the text" };
        var cmd = new Command("export", "write a model as a compressed model file in one storage format; its size is the cost model's bits plus a documented overhead")
        {
            model, format, bits, output, all, json,
        };
        cmd.Subcommands.Add(ExportTableCommand.Create());
        cmd.SetAction(r => Guard(() =>
        {
            if (r.GetValue(bits) is { } b) ValueCodes.CheckBits(b);
            bool everyFormat = r.GetValue(all);
            if (everyFormat && r.GetValue(format) is not null) throw new KitException("give --format or --all-formats, not both");
            if (!everyFormat && r.GetValue(format) is null) throw new KitException("--format FORMAT is required (or --all-formats)");
            if (!everyFormat && r.GetValue(output) is null) throw new KitException("--out FILE is required");
            var codec = everyFormat ? null : LayerCodecs.Get(r.GetValue(format)!);
            var path = ModelLoader.Resolve(r.GetValue(model)!);
            TorchRuntime.Start(1);
            var (net, info) = ModelLoader.Load(path);
            using (net)
            {
                if (everyFormat)
                {
                    var dir = r.GetValue(output) ?? Path.Combine("artifacts", "export");
                    var rows = ExportTable.Build(net, info, r.GetValue(bits), dir, Path.GetFileNameWithoutExtension(path));
                    long? pt = ModelLoader.IsModelFile(path) ? null : new FileInfo(path).Length;
                    if (r.GetValue(json)) Console.WriteLine(Json.Serialize(rows));
                    else
                    {
                        Console.WriteLine($"{path}: {info.Architecture}; files in {dir}; .pt size {(pt is { } p ? $"{p:N0} bytes (weights file, sidecar not counted)" : "unknown (the source is not a .pt)")}");
                        foreach (var line in ExportTable.Markdown(rows, pt)) Console.WriteLine(line);
                        foreach (var x in rows.Where(x => x.Problem is not null)) Console.WriteLine($"{x.Format}: {x.Problem}");
                    }
                    return 0;
                }
                var outPath = r.GetValue(output)!;
                ExportReport report;
                // The writer's messages name the layer; the model it came from is named here.
                try { report = ModelFileWriter.Write(net, info, codec!.Name, r.GetValue(bits), outPath); }
                catch (KitException e) { throw new KitException($"{path}: {e.Message}", e); }
                if (r.GetValue(json)) Console.WriteLine(Json.Serialize(report));
                else Print(report, outPath);
            }
            return 0;
        }));
        return cmd;
    }

    static void Print(ExportReport x, string outPath)
    {
        Console.WriteLine($"wrote {outPath}: {x.Architecture}, format {x.Format}, b = {x.Bits}");
        Console.WriteLine($"file bits        {x.FileBits,14:N0}  ({x.FileBytes:N0} bytes)");
        Console.WriteLine($"cost-model bits  {x.CostModelBits,14:N0}  (kit cost model --bits {x.Bits} --format {x.Format}; payload written: {x.PayloadBits:N0})");
        Console.WriteLine($"difference       {x.FileBits - x.CostModelBits,14:N0}  = overhead the cost model does not count:");
        foreach (var (part, bits) in x.OverheadParts()) Console.WriteLine($"  {part,-52} {bits,12:N0}");
        Console.WriteLine($"{"layer",-8} {"shape",10} {"k",3} {"levels",6} {"zero code",9} {"nonzero",9} {"entries",9} {"payload bits",13} {"row levels",10}");
        foreach (var l in x.Layers)
            Console.WriteLine($"{l.Name,-8} {$"{l.Shape[0]}x{l.Shape[1]}",10} {(l.IndexBits == 0 ? "-" : l.IndexBits.ToString()),3} {l.Levels,6} {(l.ZeroCode ? "yes" : "no"),9} {l.Nonzeros,9:N0} {l.Entries,9:N0} {l.PayloadBits,13:N0} {(l.RowLevels == 0 ? "-" : $"{l.RowLevels} x {l.Shape[0]}"),10}");
    }

    static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "a saved model: a folder holding model.pt, a .pt with its .json sidecar, or an exported file", Required = true };
        var limit = new Option<int?>("--limit") { Description = "evaluate only the first N test images" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var threads = Threads();
        var data = DataDir();
        var cmd = new Command("eval", "test accuracy of a saved or exported model on its dataset's test split, with load and evaluation time") { model, limit, json, threads, data };
        cmd.SetAction(r => Guard(() =>
        {
            if (r.GetValue(limit) is < 1) throw new KitException($"--limit must be >= 1, got {r.GetValue(limit)}");
            TorchRuntime.Start(r.GetValue(threads));
            var e = ModelEvaluation.Run(r.GetValue(model)!, r.GetValue(limit), r.GetValue(data));
            if (r.GetValue(json)) Console.WriteLine(Json.Serialize(e));
            else Console.WriteLine($"{e.Model}: {e.Architecture} on {e.Dataset} test ({e.TestImages:N0} images): accuracy {e.Accuracy:F2}% (loss {e.Loss:F4}); load {e.LoadSeconds:F2} s, evaluate {e.EvalSeconds:F2} s");
            return 0;
        }));
        return cmd;
    }
}
