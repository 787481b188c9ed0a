using Kit.Experiments;
using Kit.Charts;
using Kit.Costs;
using Kit.Training;

namespace Kit.Research;

/// <summary>
/// RQ2: at equal quantization, compression rate, accuracy and hardware efficiency of structured vs
/// non-structured pruning: accuracy-vs-rate Pareto fronts per scheme and bit width, plus each model's stored
/// size in its natural format (irregular: best exact sparse format; filter+column: shrunk dense blocks) and
/// its compute-model time under the illustrative CPU profile.
/// </summary>
public static class Rq2Pareto
{
    public static IReadOnlyList<string> SpecNames(ReproMode mode) => mode == ReproMode.Full
        ? [.. SpecGrid.LeNet5().Where(s => s.Name.StartsWith("lenet5-mnist-") && s.Prune is not null && s.Prune.Method == PruneMethod.Admm).Select(s => s.Name)]
        : ["lenet5-mnist-irregular-100x-float", "lenet5-mnist-irregular-100x-4bit", "lenet5-mnist-filter_column-10x-float", "lenet5-mnist-filter_column-10x-4bit"];

    /// <param name="repoRoot">Full mode only: where to look for a recomputed study to compare with the committed one (null: no comparison).</param>
    public static RqReport Run(ReproContext ctx, string? repoRoot = null)
    {
        const string title = "RQ2: accuracy vs rate at equal bits, structured vs non-structured";
        if (ctx.Mode == ReproMode.Results) return RqReport.NotRecomputed(2, title);
        var report = new RqReport(2, title, ctx.Mode);
        var profile = HardwareProfile.BuiltIn[0];
        var rows = new List<Dictionary<string, object?>>();
        foreach (var name in SpecNames(ctx.Mode))
        {
            var run = ctx.Compress(name, ReproContext.Shipped(name));
            report.Specs.Add(run.Spec);
            var r = run.Result;
            TorchRuntime.Start(run.Spec.Threads);
            var (model, _) = Checkpoint.Load(run.ModelPath);
            List<CostLayer> layers;
            using (model) layers = ModelMasks.From(model);
            int b = Math.Min(r.Bits, 32);
            bool irregular = run.Scheme == "irregular";
            var cost = ModelCost.Of(layers, name, run.Spec.Model, b, StorageFormats.AllNames, profile);
            long stored = irregular ? StorageAnalysis.BestFormat(cost.Storage).Bits : cost.Storage.Total.StructuredBits!.Value;
            double ns = (irregular ? cost.ComputeTotal.NonstructuredNs : cost.ComputeTotal.StructuredNs)!.Value;
            double dense32 = 32.0 * cost.Storage.Total.Weights;
            double denseNs = cost.ComputeTotal.DenseNs!.Value;
            rows.Add(new()
            {
                ["spec"] = name, ["scheme"] = run.Scheme, ["bits"] = (double)r.Bits, ["target_rate"] = r.TargetRate, ["overall_rate"] = r.OverallRate,
                ["dense_accuracy"] = r.DenseAccuracy, ["accuracy"] = r.Accuracy, ["accuracy_drop"] = r.AccuracyDrop,
                ["stored_bits"] = (double)stored, ["storage_compression_vs_float32"] = dense32 / stored,
                ["model_time_vs_dense"] = ns / denseNs, ["from_cache"] = run.FromCache,
            });
        }
        var table = Kit.Results.ResultTable.FromRows(rows.Cast<IReadOnlyDictionary<string, object?>>().ToList());
        report.Tables.Add(("results", table));
        report.Charts.Add(new NamedChart("pareto_rate", KitCharts.Pareto(table, "overall_rate", "accuracy", ["scheme", "bits"], $"Accuracy vs pruning rate per scheme and bit width ({ctx.Mode.Name()} mode)"),
            "One series per scheme and bit width (32 = float); dashed lines are each group's Pareto front." + report.OneSeedPerRun()));
        report.Charts.Add(new NamedChart("pareto_storage", KitCharts.Pareto(table, "storage_compression_vs_float32", "accuracy", ["scheme", "bits"], "Accuracy vs storage compression (float32 dense bits / stored bits, index included)"),
            "Stored bits include the index (irregular: the cheapest exact format, StorageAnalysis.BestFormat: bitmask, relative, CSR, CSC or relative+Huffman) or the row/column bits (filter+column)." + report.OneSeedPerRun()));

        foreach (var g in rows.GroupBy(r => (double)r["bits"]!).OrderBy(g => g.Key))
        {
            var irr = g.Where(r => (string)r["scheme"]! == "irregular").ToList();
            var str = g.Where(r => (string)r["scheme"]! == "filter_column").ToList();
            if (irr.Count == 0 || str.Count == 0) continue;
            string bits = g.Key >= 32 ? "float" : $"{g.Key}-bit";
            var bi = irr.MaxBy(r => (double)r["accuracy"]!)!; var bs = str.MaxBy(r => (double)r["accuracy"]!)!;
            report.Findings.Add($"{bits}: best irregular {(double)bi["overall_rate"]!:F1}x at {(double)bi["accuracy"]!:F2}% (storage {(double)bi["storage_compression_vs_float32"]!:F1}x, model time {(double)bi["model_time_vs_dense"]!:P0} of dense); " +
                $"best filter+column {(double)bs["overall_rate"]!:F1}x at {(double)bs["accuracy"]!:F2}% (storage {(double)bs["storage_compression_vs_float32"]!:F1}x, model time {(double)bs["model_time_vs_dense"]!:P0} of dense).");
        }
        report.Notes.Add($"Model times use the '{profile.Name}' profile ({profile.Description}).");
        if (ctx.Mode != ReproMode.Full) report.Notes.Add($"Accuracies are {ctx.Mode.Scale()}.");
        else if (repoRoot is not null) Study.StudyDiff.AddTo(report, repoRoot);
        return report;
    }
}
