using Kit.Experiments;
using Kit.Charts;
using Kit.Costs;
using Kit.IO;
using Kit.Training;

namespace Kit.Research;

/// <summary>
/// RQ1: with quantization, is non-structured pruning better in storage and computation? On the kit's own
/// compressed pairs (irregular vs filter+column at the same b): exact storage per format and p_eq of each trained
/// model, the random-mask table, the compute model's break-even rates per layer and hardware profile, and the
/// measured CPU kernel times when `kit bench sparse` has written artifacts/bench/sparse.json.
/// </summary>
public static class Rq1StorageCompute
{
    /// <summary>(irregular spec, structured spec) pairs per mode; the pair shares dataset, bits and schedule.</summary>
    public static IReadOnlyList<(string Irregular, string Structured)> Pairs(ReproMode mode) => mode == ReproMode.Full
        ? [.. new[] { 8, 4, 3, 1 }.Select(b => ($"lenet5-mnist-irregular-100x-{b}bit", $"lenet5-mnist-filter_column-10x-{b}bit")),
           ("lenet5-mnist-irregular-348x-4bit", "lenet5-mnist-filter_column-20x-4bit")]
        : [("lenet5-mnist-irregular-100x-4bit", "lenet5-mnist-filter_column-10x-4bit")];

    public static readonly double[] RandomRates = [10, 50, 100, 348];
    public static readonly int[] RandomBits = [1, 2, 3, 4, 8];
    /// <summary>Accuracy gap (points) within which a pair counts as accuracy-matched.</summary>
    public const double MatchPoints = 0.5;

    public static RqReport Run(ReproContext ctx, string benchJson)
    {
        const string title = "RQ1: storage and compute of non-structured vs structured pruning under quantization";
        if (ctx.Mode == ReproMode.Results) return RqReport.NotRecomputed(1, title);
        var report = new RqReport(1, title, ctx.Mode);
        var storageRows = new List<Dictionary<string, object?>>();
        var pairRows = new List<Dictionary<string, object?>>();
        var computeRows = new List<Dictionary<string, object?>>();
        var profiles = HardwareProfile.BuiltIn.ToList();
        // Reports and notebooks must not carry machine paths.
        var shown = Path.IsPathRooted(benchJson) ? Path.GetRelativePath(Directory.GetCurrentDirectory(), benchJson).Replace('\\', '/') : benchJson;
        SparseBenchReport? bench = File.Exists(benchJson) ? Json.ReadFile<SparseBenchReport>(benchJson, strict: false) : null;
        if (bench is not null) profiles.AddRange(bench.Profiles.Where(p => p.Name.StartsWith("this-cpu-batch", StringComparison.Ordinal)));

        foreach (var (irrName, strName) in Pairs(ctx.Mode))
        {
            var irr = ctx.Compress("irregular", ReproContext.Shipped(irrName));
            var str = ctx.Compress("filter_column", ReproContext.Shipped(strName));
            report.Specs.Add(irr.Spec); report.Specs.Add(str.Spec);
            int b = irr.Result.Bits;
            var irrLayers = Layers(irr);
            var strLayers = Layers(str);
            var irrStorage = StorageAnalysis.Analyze(irrLayers, b, StorageFormats.AllNames);
            var strStorage = StorageAnalysis.Analyze(strLayers, b, ["structured"]);
            void Add(CompressedRun run, string format, long bits) => storageRows.Add(new()
            {
                ["model"] = run.Spec.Name, ["scheme"] = run.Scheme, ["bits"] = (double)b, ["rate"] = run.Result.OverallRate,
                ["accuracy"] = run.Result.Accuracy, ["format"] = format, ["total_bits"] = (double)bits, ["kilobytes"] = bits / 8192.0,
                ["p_eq"] = StorageAnalysis.PEq(irrStorage.Total.DenseBits, bits),
            });
            var t = irrStorage.Total;
            Add(irr, "dense", t.DenseBits);
            Add(irr, "bitmask", t.BitmaskBits);
            foreach (var f in new[] { "relative", "csr", "csc", "relative_huffman" }) Add(irr, f, t.Format(f)!.TotalBits);
            Add(str, "structured_coupled", strStorage.Total.StructuredBits!.Value);
            var best = StorageAnalysis.BestFormat(irrStorage);
            long strBits = strStorage.Total.StructuredBits!.Value;
            double gap = irr.Result.Accuracy - str.Result.Accuracy;
            pairRows.Add(new()
            {
                ["bits"] = (double)b, ["irregular_rate"] = irr.Result.OverallRate, ["irregular_accuracy"] = irr.Result.Accuracy,
                ["structured_rate"] = str.Result.OverallRate, ["structured_accuracy"] = str.Result.Accuracy, ["accuracy_gap"] = gap,
                ["accuracy_matched"] = Math.Abs(gap) <= MatchPoints,
                ["irregular_best_format"] = best.Item1, ["irregular_bits"] = (double)best.Item2, ["p_eq"] = StorageAnalysis.PEq(t.DenseBits, best.Item2),
                ["structured_bits"] = (double)strBits, ["structured_storage_rate"] = StorageAnalysis.PEq(t.DenseBits, strBits),
                ["smaller"] = best.Item2 < strBits ? "irregular" : "filter_column",
            });

            // Compute model per layer: the irregular model's sparse time vs the dense layer and vs the paired structured layer.
            for (int i = 0; i < irrLayers.Count; i++)
            {
                int k = irrStorage.Layers[i].IndexBits("csr")!.Value;
                double pn = irrStorage.Layers[i].Rate ?? double.PositiveInfinity;
                foreach (var p in profiles)
                {
                    // The irregular layer against the dense layer and against the paired structured layer.
                    var c = ComputeModel.Layer(irrLayers[i], strStorage.Layers[i].StructuredCoupled!, k, p, b);
                    double ps = c.StructuredMacs == 0 ? double.PositiveInfinity : (double)c.DenseMacs / c.StructuredMacs;
                    computeRows.Add(new()
                    {
                        ["bits"] = (double)b, ["profile"] = p.Name, ["layer"] = irrLayers[i].Name, ["irregular_layer_rate"] = pn, ["structured_layer_rate"] = ps,
                        ["csr_k"] = (double)k, ["dense_ns"] = c.DenseNs, ["structured_ns"] = c.StructuredNs,
                        ["irregular_ns"] = c.NonstructuredNs,
                        ["break_even_vs_dense"] = c.BreakEvenRateVsDense, ["break_even_vs_structured"] = c.BreakEvenRateVsStructured,
                        ["irregular_beats_structured"] = c.BreakEvenRateVsStructured is { } be && pn >= be,
                    });
                }
            }
        }
        var storage = ReproFrames.From(storageRows);
        var pairs = ReproFrames.From(pairRows);
        var compute = ReproFrames.From(computeRows);
        report.Tables.Add(("storage", storage));
        report.Tables.Add(("pairs", pairs));
        report.Tables.Add(("compute_model", compute));
        var random = ReproFrames.From(RandomMaskTable.Build(RandomRates, RandomBits, 1));
        report.Tables.Add(("random_masks", random));

        var first = storageRows.Where(r => (double)r["bits"]! == (double)pairRows[0]["bits"]!).ToList();
        report.Charts.Add(new NamedChart("storage_per_format",
            KitCharts.Bars(first.Select(r => $"{r["scheme"]}: {r["format"]}").ToList(), [("kilobytes", first.Select(r => (double)r["kilobytes"]!).ToArray())],
                $"Storage per format, {pairRows[0]["bits"]}-bit pair ({ctx.Mode.Name()} mode)", "KiB"),
            "The irregular model in every exact format and the filter+column model as its shrunk dense blocks (plus row/column bits)." + report.OneSeedPerRun()));
        report.Charts.Add(new NamedChart("break_even_model", BreakEvenChart(profiles, (int)(double)pairRows[0]["bits"]!),
            "LeNet-5 compute-model time per image relative to the dense network, with every layer pruned uniformly to the rate; k is the closed-form best k at that density."));

        if (bench is not null)
        {
            var measured = ReproFrames.From(bench.BreakEven);
            report.Tables.Add(("measured_break_even", measured));
            report.Tables.Add(("measured_kernels", ReproFrames.From(bench.Rows)));
            var be = bench.BreakEven.Where(x => x.Density is not null).ToList();
            report.Findings.Add($"Measured on this CPU ({shown}, median of {bench.Runs} runs): the CSR kernel breaks even with dense torch GEMM at densities " +
                string.Join(", ", be.Select(x => $"{x.Shape} batch {x.Batch} {x.Threads}T: {(x.Bound == "below" ? "< " : x.Bound == "above" ? ">= " : "")}{x.Density:P2}")) + ".");
        }
        else report.Notes.Add($"CPU kernel times are NOT measured in this run: {shown} does not exist. Run `./kit bench sparse` (a benchmark of a few minutes; set OMP_WAIT_POLICY=PASSIVE) and rerun to add them.");
        report.Notes.Add("Built-in hardware profiles are illustrative, not measured; the paper's FPGA/ASIC break-even numbers are not reproduced.");
        if (ctx.Mode != ReproMode.Full) report.Notes.Add($"Accuracies are {ctx.Mode.Scale()}: the pairs are not accuracy-matched in any meaningful sense at this scale.");

        foreach (var p in pairRows)
        {
            report.Findings.Add($"b = {p["bits"]}: irregular {(double)p["irregular_rate"]!:F1}x at {(double)p["irregular_accuracy"]!:F2}% stores in {(double)p["irregular_bits"]! / 8192:F1} KiB ({p["irregular_best_format"]}, p_eq {(double)p["p_eq"]!:F1}x); " +
                $"filter+column {(double)p["structured_rate"]!:F1}x at {(double)p["structured_accuracy"]!:F2}% takes {(double)p["structured_bits"]! / 8192:F1} KiB: {p["smaller"]} is smaller" +
                ((bool)p["accuracy_matched"]! ? $" (accuracies within {MatchPoints} points)." : $" (accuracy gap {(double)p["accuracy_gap"]!:+0.00;-0.00} points: NOT accuracy-matched)."));
        }
        foreach (var g in computeRows.GroupBy(r => ((double)r["bits"]!, (string)r["profile"]!)))
        {
            var wins = g.Where(r => (bool)r["irregular_beats_structured"]!).Select(r => (string)r["layer"]!).ToList();
            report.Findings.Add($"Compute model, b = {g.Key.Item1}, profile {g.Key.Item2}: the irregular layer is faster than its filter+column counterpart in {wins.Count} of {g.Count()} layers" +
                (wins.Count > 0 ? $" ({string.Join(", ", wins)})." : "."));
        }
        var r348 = RandomMaskTable.Build([348], [4, 1], 1);
        report.Findings.Add($"Random masks at 348x: p_eq (relative index) {r348[0].RelativePEq:F1}x at b = 4 and {r348[1].RelativePEq:F1}x at b = 1 (the kit's method notes estimated ~94x and ~30x for random masks; these are not figures of the paper).");
        return report;
    }

    static List<CostLayer> Layers(CompressedRun run)
    {
        TorchRuntime.Start(run.Spec.Threads);
        var (model, _) = Checkpoint.Load(run.ModelPath);
        using (model) return ModelMasks.From(model);
    }

    static Plotly.NET.GenericChart BreakEvenChart(IReadOnlyList<HardwareProfile> profiles, int bits)
    {
        double[] rates = [1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 348, 500, 1000];
        var shapes = RandomMaskTable.LeNet5Shapes;
        var curves = profiles.Select(p =>
        {
            double dense = shapes.Sum(s => ComputeModel.DenseNs((long)s.rows * s.columns * OutputGeometry.OutputPositions("lenet5", s.name), p, bits));
            var t = rates.Select(r =>
            {
                int k = StorageBreakEven.BestExpected(1 / r, bits).k;
                return shapes.Sum(s =>
                {
                    long macs = (long)s.rows * s.columns * OutputGeometry.OutputPositions("lenet5", s.name);
                    return ComputeModel.SparseNs((long)Math.Round(macs / r), p, bits, k);
                }) / dense;
            }).ToArray();
            return (p.Name, t);
        }).ToList();
        return KitCharts.BreakEven(rates, curves, 1.0, $"Compute model: non-structured LeNet-5 time vs rate, b = {bits}", "time per image / dense time");
    }
}
