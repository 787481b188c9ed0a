using System.CommandLine;
using Kit.Experiments;
using Kit.IO;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit budget`: choose a prune spec's per-layer budget on the validation split and write it into the spec.</summary>
public static class BudgetCommands
{
    public static IEnumerable<Command> Create()
    {
        var specPath = new Option<string>("--spec") { Description = "the prune spec whose budget to choose (its last step's rate is used)", Required = true };
        var dense = new Option<string>("--dense") { Description = "the dense checkpoint the spec starts from", Required = true };
        var exponents = new Option<double[]>("--exponents")
        {
            Description = "allocation exponents to try (1 = uniform density)", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0],
        };
        var epochs = Positive("--epochs", "masked retraining epochs per candidate", 1, 100);
        var trainLimit = new Option<int?>("--train-limit") { Description = "train each candidate on this many images (default: all)" };
        var threads = new Option<int?>("--threads") { Description = "torch CPU threads (overrides the spec)" };
        var output = new Option<string>("--out") { Description = "folder for budget.json, the budgeted spec and the candidates' runs", DefaultValueFactory = _ => "artifacts/budget" };
        var cmd = new Command("budget", "choose the per-layer budget of a prune spec on validation (one-shot magnitude + short retraining per allocation rule) and write the spec with it")
        {
            specPath, dense, exponents, epochs, trainLimit, threads, output,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var spec = Json.ReadFile<CompressionSpec>(r.GetValue(specPath)!, strict: true);
            if (r.GetValue(threads) is { } t) spec = spec with { Threads = t };
            var outDir = r.GetValue(output)!;
            var result = BudgetSearch.Run(spec, r.GetValue(dense)!, r.GetValue(exponents)!, r.GetValue(epochs), r.GetValue(trainLimit), outDir, Console.WriteLine);
            Console.WriteLine($"{"exponent",8} {"validation %",12} {"rate",7}  kept fractions");
            foreach (var c in result.Candidates)
                Console.WriteLine($"{c.Exponent,8:0.###} {c.ValidationAccuracy,12:F2} {c.Rate,7:F1}  {string.Join(", ", c.Layers.Select(l => $"{l.Key} {Describe(l.Value)}"))}");
            Console.WriteLine($"best exponent {result.BestExponent:0.###} (chosen on validation)");
            AtomicFile.WriteAllText(Path.Combine(outDir, "budget.json"), Json.Serialize(result));
            var specOut = Path.Combine(outDir, result.Spec.Name + ".json");
            AtomicFile.WriteAllText(specOut, Json.Serialize(result.Spec));
            Console.WriteLine($"wrote {Path.Combine(outDir, "budget.json")} and {specOut}");
            return 0;
        }));
        yield return cmd;
    }

    static string Describe(Kit.Pruning.LayerKeep k) => string.Join(" ", new[]
    {
        k.Weights is { } w ? $"{w:P2}" : null, k.Rows is { } r ? $"rows {r:P1}" : null,
        k.Columns is { } c ? $"cols {c:P1}" : null, k.Channels is { } ch ? $"channels {ch:P1}" : null,
    }.Where(x => x is not null));
}
