using System.CommandLine;
using Kit.Docs;
using Kit.Costs;
using Kit.IO;
using Kit.Results;
using Kit.Training;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit cost storage|model|table` and `kit bench sparse` (JSON schemas in the README section "Cost models").</summary>
public static class CostCommands
{
    public static IEnumerable<Command> Create()
    {
        var cost = new Command("cost", "storage and compute cost models of pruned layers (exact formats, p_eq, break-even rates)");
        cost.Subcommands.Add(Storage());
        cost.Subcommands.Add(ModelCost());
        cost.Subcommands.Add(Table());
        yield return cost;
    }

    static Option<int> Bits() => Positive("--bits", "bits per stored weight value (1..32)", 8, 32);

    static Option<string[]> Formats() => new("--format")
    {
        Description = $"formats to compute: all, default, {string.Join(", ", StorageFormats.AllNames)} (comma-separated or repeated; dense and bitmask always)",
        DefaultValueFactory = _ => ["all"],
        AllowMultipleArgumentsPerToken = true,
    };

    static Option<bool> JsonFlag() => new("--json") { Description = "print the JSON report instead of the table" };
    static Option<string?> Out() => new("--out") { Description = "also write the JSON report to this file" };

    static Command Storage()
    {
        var mask = new Option<string?>("--mask") { Description = "mask JSON: {\"shape\":[R,C],\"nonzero\":[...]} or {\"layers\":[...]}" };
        var random = new Option<string?>("--random") { Description = "instead of --mask: one uniformly random mask ROWS,COLUMNS,DENSITY (e.g. 5000,5000,0.1), drawn from --seed" };
        var seed = Seed();
        var bits = Bits();
        var format = Formats();
        var json = JsonFlag();
        var output = Out();
        var cmd = new Command("storage", "cost the masks of a JSON file in every storage format") { mask, random, seed, bits, format, json, output };
        cmd.SetAction(r => Guard(() =>
        {
            var layers = (r.GetValue(mask), r.GetValue(random)) switch
            {
                ({ } m, null) => MaskFile.Read(m),
                (null, { } spec) => [new CostLayer(RandomMask(spec, r.GetValue(seed)))],
                (null, null) => throw new KitException("give --mask FILE (or --random ROWS,COLUMNS,DENSITY)"),
                _ => throw new KitException("give either --mask or --random, not both"),
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = StorageAnalysis.Analyze(layers, r.GetValue(bits), StorageFormats.Parse(r.GetValue(format)!));
            var seconds = clock.Elapsed.TotalSeconds;
            Emit(report, r.GetValue(json), r.GetValue(output), () =>
            {
                PrintStorage(report);
                Console.WriteLine($"costed {report.Total.Weights:N0} weights ({report.Total.Nonzeros:N0} nonzeros) in {seconds:F3} s (mask reading excluded)");
            });
            return 0;
        }));
        return cmd;
    }

    static Command ModelCost()
    {
        var model = new Option<string>("--model") { Description = "saved model weights (model.pt with its model.json sidecar, or a file of kit export)", Required = true };
        var bits = Bits();
        var format = Formats();
        var profile = new Option<string?>("--profile") { Description = $"hardware profile for time estimates: a built-in name ({string.Join(", ", HardwareProfile.BuiltIn.Select(p => p.Name))}) or a profile JSON file" };
        var json = JsonFlag();
        var output = Out();
        var cmd = new Command("model", "cost every prunable layer of a saved model: storage formats, structured figures with coupling, MACs") { model, bits, format, profile, json, output };
        cmd.SetAction(r => Guard(() =>
        {
            var prof = r.GetValue(profile) is { } p ? HardwareProfile.Resolve(p) : null;
            TorchRuntime.Start(1);
            var path = r.GetValue(model)!;
            int b = r.GetValue(bits);
            var report = Kit.Costs.ModelCost.Of(path, b, StorageFormats.Parse(r.GetValue(format)!), prof);
            var (storage, compute, total) = (report.Storage, report.Compute, report.ComputeTotal);
            Emit(report, r.GetValue(json), r.GetValue(output), () =>
            {
                Console.WriteLine($"{report.Architecture} ({report.Model}), b = {b}");
                PrintStorage(storage);
                Console.WriteLine();
                Console.WriteLine($"{"layer",-18} {"P",6} {"dense MACs",12} {"struct MACs",12} {"nonzero MACs",12}" + (prof is null ? "" : $" {"dense us",9} {"struct us",9} {"sparse us",9} {"BE vs dense",11} {"BE vs struct",12}"));
                foreach (var c in compute.Append(total))
                {
                    bool sum = ReferenceEquals(c, total); // the total has no single k or P, so no break-even rate
                    Console.WriteLine($"{c.Name,-18} {(sum ? "-" : c.OutputPositions.ToString()),6} {c.DenseMacs,12:N0} {c.StructuredMacs,12:N0} {c.NonstructuredMacs,12:N0}" + (prof is null ? "" :
                        $" {c.DenseNs / 1e3,9:F1} {c.StructuredNs / 1e3,9:F1} {c.NonstructuredNs / 1e3,9:F1} {(sum ? "-" : Rate(c.BreakEvenRateVsDense)),11} {(sum ? "-" : Rate(c.BreakEvenRateVsStructured)),12}"));
                }
            });
            return 0;
        }));
        return cmd;
    }

    static Command Table()
    {
        var rates = new Option<double[]>("--rates") { Description = "overall pruning rates", DefaultValueFactory = _ => RandomMaskTable.DefaultRates, AllowMultipleArgumentsPerToken = true };
        var bits = new Option<int[]>("--bits") { Description = "bit widths", DefaultValueFactory = _ => RandomMaskTable.DefaultBits, AllowMultipleArgumentsPerToken = true };
        var seed = Seed();
        var json = JsonFlag();
        var output = Out();
        var into = new Option<string[]>("--into") { Description = "render the JSON written by --out into the generated block of these markdown files (README.md)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("table", "random-mask storage table for LeNet-5 (430,500 weights, real layer shapes): best k, bits per nonzero, p_eq") { rates, bits, seed, json, output, into };
        cmd.SetAction(r => Guard(() =>
        {
            var bs = r.GetValue(bits)!;
            foreach (var b in bs) if (b < 1 || b > 32) throw new KitException($"--bits: {b} is outside 1..32");
            var targets = r.GetValue(into) ?? [];
            var outPath = r.GetValue(output);
            if (targets.Length > 0 && outPath is null) throw new KitException("--into needs --out FILE: the block renders the JSON record it writes");
            CheckInto(targets, GeneratedBlocks.Markers("cost table"));
            var report = RandomMaskTable.Report(r.GetValue(rates)!, bs, r.GetValue(seed));
            Emit(report, r.GetValue(json), outPath, () =>
            {
                Console.WriteLine("LeNet-5, uniformly random masks per layer (seed " + r.GetValue(seed) + "); whole-layer relative index unless named; k per layer by exact search");
                Console.WriteLine($"{"rate",6} {"b",3} {"nnz",6} {"k fc1",5} {"k conv1/conv2/fc1/fc2",22} {"bits/nz",8} {"p_eq rel",9} {"p_eq csr",9} {"p_eq csc",9} {"p_eq bmask",10} {"p_eq model",10}");
                foreach (var x in report.Rows)
                    Console.WriteLine($"{x.Rate,5:G}x {x.Bits,3} {x.Nonzeros,6} {x.BestK,5} {string.Join("/", x.LayerK.Values),22} {x.RelativeBitsPerNonzero,8:F2} {x.RelativePEq,8:F1}x {x.CsrPEq,8:F1}x {x.CscPEq,8:F1}x {x.BitmaskPEq,9:F1}x {x.ModelPEq,9:F1}x");
                Console.WriteLine("p_eq model: closed form for geometric gaps, (b+k)/(1-(1-d)^(2^k)) bits per nonzero.");
            });
            // The block renders the file as written, so the README and the committed JSON cannot disagree.
            if (targets.Length > 0)
                WriteInto(targets, RandomMaskSummary.ToMarkdown(RandomMaskSummary.Read(outPath!), outPath!.Replace('\\', '/')),
                    GeneratedBlocks.Markers("cost table"), r.GetValue(json) ? Console.Error : null);
            return 0;
        }));
        return cmd;
    }

    /// <summary>`kit bench sparse`: dense torch GEMM (full and shrunk) vs the C# CSR kernel; registered under `bench`.</summary>
    public static Command BenchSparse()
    {
        var model = new Option<string?>("--model") { Description = "saved model whose real masks are also timed (layers whose GEMM shape matches a benchmarked shape)" };
        var shapes = new Option<string[]>("--shapes") { Description = $"shapes ({string.Join(", ", SparseBenchmark.Shapes.Select(s => s.Name))})", DefaultValueFactory = _ => SparseBenchmark.Shapes.Select(s => s.Name).ToArray(), AllowMultipleArgumentsPerToken = true };
        var densities = new Option<double[]>("--densities") { Description = "synthetic densities (fraction kept)", DefaultValueFactory = _ => SparseBenchmark.DefaultDensities, AllowMultipleArgumentsPerToken = true };
        var batches = new Option<int[]>("--batch-sizes") { Description = "batch sizes", DefaultValueFactory = _ => [1, 64], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int[]>("--threads") { Description = "thread counts (torch and the CSR kernel alike)", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var runs = Positive("--runs", "timed runs per point (the median is reported; >= 30 for reported numbers)", 30, 100000);
        var seed = Seed();
        var output = new Option<string>("--out") { Description = "JSON report path", DefaultValueFactory = _ => "artifacts/bench/sparse.json" };
        var cmd = new Command("sparse", "dense GEMM (torch addmm_, full and shrunk shapes) vs a SIMD CSR kernel at many densities; measured break-even density and fitted compute-model profiles")
        {
            model, shapes, densities, batches, threads, runs, seed, output,
        };
        cmd.SetAction(r => Guard(() =>
        {
            var names = r.GetValue(shapes)!;
            var picked = names.Select(n => SparseBenchmark.Shapes.FirstOrDefault(s => s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))
                ?? throw new KitException($"--shapes: unknown shape '{n}' (known: {string.Join(", ", SparseBenchmark.Shapes.Select(s => s.Name))})")).ToList();
            var ds = r.GetValue(densities)!;
            foreach (var d in ds) if (!(d > 0 && d <= 1)) throw new KitException($"--densities: {d} is not in (0, 1]");
            var bs = r.GetValue(batches)!;
            foreach (var b in bs) if (b < 1) throw new KitException($"--batch-sizes: {b} is not positive");
            var ts = r.GetValue(threads)!;
            foreach (var t in ts) if (t < 1 || t > Environment.ProcessorCount) throw new KitException($"--threads: {t} is outside 1..{Environment.ProcessorCount}");
            List<CostLayer>? real = null;
            if (r.GetValue(model) is { } path)
            {
                TorchRuntime.Start(ts[0]);
                var (m, _) = Kit.Export.ModelLoader.Load(path);
                using (m) real = ModelMasks.From(m);
            }
            if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
                Console.Error.WriteLine("note: OMP_WAIT_POLICY is unset; with other load on the machine, OMP_WAIT_POLICY=PASSIVE avoids spinning threads");
            var report = SparseBenchmark.Run(picked, ds.OrderDescending().ToList(), bs, ts, r.GetValue(runs), real, r.GetValue(seed), Console.WriteLine)
                with { Model = r.GetValue(model)?.Replace('\\', '/') };
            Console.WriteLine();
            Console.WriteLine($"measured break-even density (CSR kernel time = dense torch GEMM time), median of {report.Runs} runs, OMP_WAIT_POLICY={report.OmpWaitPolicy}");
            Console.WriteLine($"{"shape",-13} {"batch",5} {"threads",7} {"density",14} {"rate",9} {"model density",14}");
            foreach (var b in report.BreakEven)
                Console.WriteLine($"{b.Shape,-13} {b.Batch,5} {b.Threads,7} {(b.Bound is null ? "" : b.Bound == "above" ? ">= " : "< ") + $"{b.Density:P3}",14} {(b.Rate is { } rr ? $"{rr:F1}x" : "-"),9} {(b.ModelDensity is { } md ? $"{md:P3}" : "never"),14}");
            Console.WriteLine();
            Console.WriteLine($"{"fitted profile",-30} {"t_mac ns",10} {"t_idx ns",10} {"lambda",7} {"t_fixed us",10}");
            foreach (var p in report.Profiles)
                Console.WriteLine($"{p.Name,-30} {p.TMacNs,10:G4} {p.TIdxNs,10:G4} {p.Lambda,7:F2} {p.TFixedNs / 1e3,10:F2}");
            var outPath = r.GetValue(output)!;
            AtomicFile.WriteAllText(outPath, Json.Serialize(report) + "\n");
            Console.WriteLine($"wrote {outPath}");
            return 0;
        }));
        return cmd;
    }

    static LayerMask RandomMask(string spec, int seed)
    {
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !int.TryParse(parts[0], out var rows) || !int.TryParse(parts[1], out var cols)
            || !double.TryParse(parts[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) || !(d > 0 && d <= 1))
            throw new KitException($"--random: expected ROWS,COLUMNS,DENSITY with density in (0, 1], got '{spec}'");
        if (rows < 1 || cols < 1 || (long)rows * cols > int.MaxValue) throw new KitException($"--random: shape {rows} x {cols} is not a valid layer shape");
        return LayerMask.Random("random", rows, cols, (int)Math.Max(1, Math.Round(d * rows * cols)), seed);
    }

    static string Rate(double? r) => r is { } v ? $"{v:F1}x" : "never";

    static void Emit<T>(T report, bool json, string? outPath, Action printTable)
    {
        var text = Json.Serialize(report);
        if (outPath is not null) AtomicFile.WriteAllText(outPath, text + "\n");
        if (json) Console.WriteLine(text);
        else
        {
            printTable();
            if (outPath is not null) Console.WriteLine($"wrote {outPath}");
        }
    }

    static void PrintStorage(StorageReport r)
    {
        Console.WriteLine($"{"layer",-18} {"shape",12} {"nnz",10} {"rate",8} {"dense",12} {"bitmask",12} {"structured",12} {"relative (k)",17} {"csr (k)",17} {"csc (k)",17}");
        static string F(LayerStorage l, string f) => l.Formats.TryGetValue(f, out var c) ? $"{c.TotalBits:N0} ({l.IndexBits(f)})" : "-";
        foreach (var l in r.Layers)
            Console.WriteLine($"{l.Name,-18} {l.Shape[0] + "x" + l.Shape[1],12} {l.Nonzeros,10:N0} {Rate(l.Rate),8} {l.DenseBits,12:N0} {l.BitmaskBits,12:N0} {l.StructuredCoupled?.TotalBits.ToString("N0") ?? "-",12} {F(l, "relative"),17} {F(l, "csr"),17} {F(l, "csc"),17}");
        var t = r.Total;
        static string T(StorageTotal t, string f) => t.Format(f)?.TotalBits.ToString("N0") ?? "-";
        Console.WriteLine($"{"total",-18} {"",12} {t.Nonzeros,10:N0} {Rate(t.Rate),8} {t.DenseBits,12:N0} {t.BitmaskBits,12:N0} {t.StructuredBits?.ToString("N0") ?? "-",12} {T(t, "relative"),17} {T(t, "csr"),17} {T(t, "csc"),17}");
        Console.WriteLine("p_eq (dense bits / format bits): " + string.Join(", ", t.PEq.Select(kv => $"{kv.Key} {kv.Value:F1}x")));
        if (StorageAnalysis.TryBestFormat(r) is var (format, bits))
            Console.WriteLine($"best exact format: {format}, {bits:N0} bits (p_eq {StorageAnalysis.PEq(t.DenseBits, bits):F1}x)");
    }
}
