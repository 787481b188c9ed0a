using System.Globalization;
using System.Text;
using Kit.Research.Study;
using Kit.Results;

namespace Kit.Study;

/// <summary>One finished run of a study as the verdict needs it (read from its result.json and cost.json, and its cpu.json
/// when it has been timed); the illustrative times are the compute model's per image under the built-in profiles.</summary>
public sealed record StudyRun(
    string Folder, string Experiment, string Dataset, string Scheme, string Method, double Rate, int Bits, long Seed,
    double Accuracy, long StorageBits, string StorageFormat,
    RunCpu? Cpu = null, double? IllustrativeCpuUs = null, double? IllustrativeAcceleratorUs = null);

/// <summary>One row of `results/verdict.csv`: a scheme's most compressed model within a tolerance of dense accuracy.</summary>
public sealed record VerdictRow
{
    public string Dataset { get; init; } = "";
    /// <summary>32 = float.</summary>
    public int Bits { get; init; }
    public double TolerancePoints { get; init; }
    public double DenseAccuracy { get; init; }
    public string Scheme { get; init; } = "";
    /// <summary>Empty when no model of the scheme is within the tolerance.</summary>
    public string Method { get; init; } = "";
    public double? Rate { get; init; }
    public double? Accuracy { get; init; }
    public double? AccuracySd { get; init; }
    public int Seeds { get; init; }
    public double? StorageBits { get; init; }
    public double? StorageSd { get; init; }
    public string StorageFormat { get; init; } = "";
    /// <summary>This scheme stores the fewest bits of all schemes at this (dataset, bits, tolerance).</summary>
    public bool StorageWinner { get; init; }
    /// <summary>Winner rows: the runner-up's bits over the winner's.</summary>
    public double? StorageMargin { get; init; }
    /// <summary>Winner rows: the difference exceeds the sum of the two sds over seeds (null with one seed).</summary>
    public bool? BeyondSeedSpread { get; init; }
    /// <summary>Measured (`kit study bench`): us per forward of the prunable layers' GEMMs, whole batch, mean over the timed seeds; null until timed.</summary>
    public CpuAtBatch? CpuBatch1 { get; init; }
    public CpuAtBatch? CpuBatch64 { get; init; }
    /// <summary>Threads the times were taken with (one count per verdict).</summary>
    public int? CpuThreads { get; init; }
    /// <summary>The highest 1-minute load average recorded while timing any run the verdict's rows name (dense included), and the machine's cores: a load near or above the cores means noisy times.</summary>
    public double? CpuMaxLoad { get; init; }
    public int? CpuCores { get; init; }
    /// <summary>The dataset's dense model(s) timed the same way (the reference a speed-up is read against).</summary>
    public double? DenseCpuUsBatch1 { get; init; }
    public double? DenseCpuUsBatch64 { get; init; }
    /// <summary>Compute-model us per image under the built-in profiles: illustrative, not measured.</summary>
    public double? IllustrativeCpuUs { get; init; }
    public double? IllustrativeAcceleratorUs { get; init; }
    public List<string> Runs { get; init; } = [];
}

/// <summary>
/// The paper's question at equal accuracy and equal bits: for each dataset, bit width and tolerance below that dataset's
/// mean dense accuracy, per scheme the highest rate whose mean accuracy over seeds stays within the tolerance (any
/// pruning method: the scheme's best model), its storage in its cheapest exact format, and which scheme stores least.
/// </summary>
public static class Verdict
{
    public static readonly double[] Tolerances = [0.1, 0.3, 0.5, 1.0];

    /// <summary>The verdict of a study's published runs; no rows when none has been published (a missing folder counts as none).
    /// <paramref name="readCpu"/> false leaves the CPU columns empty (what `kit study bench` uses to pick runs, so a stale cpu.json cannot block retiming it).</summary>
    public static List<VerdictRow> From(string resultsDir, string study, bool readCpu = true)
    {
        if (!Directory.Exists(resultsDir)) return [];
        var input = VerdictSource.ReadAll(resultsDir, study, readCpu);
        return input.Runs.Count == 0 ? [] : Build(input.Runs, input.Dense, null, input.DenseCpu);
    }

    /// <summary>How many of the spec's planned runs are published in <paramref name="resultsDir"/> (null when the spec file is absent).</summary>
    public static (int Published, int Planned)? Progress(string specPath, string resultsDir)
    {
        if (!File.Exists(specPath)) return null;
        var plan = StudyPlan.Of(Kit.IO.Json.ReadFile<StudySpec>(specPath, strict: true));
        var o = new StudyRunOptions { ResultsDir = resultsDir };
        return (plan.Nodes.Count(n => StudyRunner.IsDone(n, o)), plan.Nodes.Count);
    }

    /// <param name="denseCpu">Per dataset, the cpu.json times of its dense runs (averaged into the rows' dense reference).</param>
    public static List<VerdictRow> Build(IReadOnlyList<StudyRun> runs, IReadOnlyDictionary<string, double> denseAccuracy, IReadOnlyList<double>? tolerances = null,
        IReadOnlyDictionary<string, List<RunCpu>>? denseCpu = null)
    {
        var timed = runs.Select(r => r.Cpu).Concat(denseCpu?.Values.SelectMany(v => v) ?? []).OfType<RunCpu>().ToList();
        VerdictCpu.CheckSameThreads(timed);
        int? threads = timed.Count > 0 ? timed[0].Threads : null;
        var used = new List<RunCpu>();
        var experiments = runs.GroupBy(r => r.Experiment).Select(g => g.ToList()).ToList();
        var rows = new List<VerdictRow>();
        foreach (var dataset in runs.Select(r => r.Dataset).Distinct().Order(StringComparer.Ordinal))
        {
            if (!denseAccuracy.TryGetValue(dataset, out double dense)) throw new KitException($"verdict: no dense run of {dataset} among the study's results");
            var denseTimes = denseCpu?.GetValueOrDefault(dataset) ?? [];
            used.AddRange(denseTimes);
            foreach (var bits in runs.Where(r => r.Dataset == dataset).Select(r => r.Bits).Distinct().OrderByDescending(b => b))
                foreach (var tol in tolerances ?? Tolerances)
                {
                    var group = new List<VerdictRow>();
                    foreach (var scheme in runs.Where(r => r.Dataset == dataset && r.Bits == bits).Select(r => r.Scheme).Distinct().Order(StringComparer.Ordinal))
                    {
                        var best = experiments.Where(e => e[0].Dataset == dataset && e[0].Bits == bits && e[0].Scheme == scheme)
                            .Where(e => e.Average(r => r.Accuracy) >= dense - tol - 1e-9)
                            .OrderByDescending(e => e.Average(r => r.Rate)).ThenByDescending(e => e.Average(r => r.Accuracy)).FirstOrDefault();
                        var row = new VerdictRow
                        {
                            Dataset = dataset, Bits = bits, TolerancePoints = tol, DenseAccuracy = dense, Scheme = scheme, CpuThreads = threads,
                            DenseCpuUsBatch1 = Mean(denseTimes.Select(c => c.Batch1Us)), DenseCpuUsBatch64 = Mean(denseTimes.Select(c => c.Batch64Us)),
                        };
                        if (best is not null)
                        {
                            used.AddRange(best.Select(r => r.Cpu).OfType<RunCpu>());
                            row = row with
                            {
                                Method = best[0].Method,
                                Rate = best.Average(r => r.Rate),
                                Accuracy = best.Average(r => r.Accuracy), AccuracySd = StudyStats.Sd(best.Select(r => r.Accuracy)),
                                Seeds = best.Count,
                                StorageBits = best.Average(r => (double)r.StorageBits), StorageSd = StudyStats.Sd(best.Select(r => (double)r.StorageBits)),
                                StorageFormat = best.GroupBy(r => r.StorageFormat).OrderByDescending(g => g.Count()).First().Key,
                                Runs = best.Select(r => r.Folder).Order(StringComparer.Ordinal).ToList(),
                                CpuBatch1 = VerdictCpu.Aggregate(best, 1), CpuBatch64 = VerdictCpu.Aggregate(best, 64),
                                IllustrativeCpuUs = Mean(best.Select(r => r.IllustrativeCpuUs)), IllustrativeAcceleratorUs = Mean(best.Select(r => r.IllustrativeAcceleratorUs)),
                            };
                        }
                        group.Add(row);
                    }
                    rows.AddRange(VerdictCpu.MarkWinners(MarkWinner(group).ToList()));
                }
        }
        // The worst load any quoted time was taken under, against the smallest machine that took one.
        var loads = used.Select(c => c.Load).OfType<double>().ToList();
        var coreCounts = used.Select(c => c.Cores).OfType<int>().ToList();
        int? cores = coreCounts.Count == 0 ? null : coreCounts.Min();
        return loads.Count == 0 ? rows : rows.Select(r => r with { CpuMaxLoad = loads.Max(), CpuCores = cores }).ToList();
    }

    static IEnumerable<VerdictRow> MarkWinner(List<VerdictRow> group)
    {
        var ranked = group.Where(r => r.StorageBits is not null).OrderBy(r => r.StorageBits).ToList();
        if (ranked.Count == 0) return group;
        var (win, second) = (ranked[0], ranked.ElementAtOrDefault(1));
        double? margin = second is null ? null : second.StorageBits!.Value / win.StorageBits!.Value;
        bool? beyond = second is null || win.StorageSd is null || second.StorageSd is null ? null
            : second.StorageBits!.Value - win.StorageBits!.Value > win.StorageSd.Value + second.StorageSd.Value;
        return group.Select(r => ReferenceEquals(r, win) ? r with { StorageWinner = true, StorageMargin = margin, BeyondSeedSpread = beyond } : r);
    }


    /// <summary>Mean of the values present; null when none is (a mean over some seeds only is what the CPU columns report, with their seed count).</summary>
    static double? Mean(IEnumerable<double?> v) { var x = v.OfType<double>().ToList(); return x.Count == 0 ? null : x.Average(); }

    public const string CsvHeader = "dataset,bits,tolerance_points,dense_accuracy,scheme,method,rate,accuracy,accuracy_sd,seeds,storage_bits,storage_sd,storage_format,storage_winner,storage_margin,beyond_seed_spread," +
        "cpu_us_batch1,cpu_us_batch64,cpu_sd_batch1,cpu_sd_batch64,cpu_seeds_timed,cpu_threads," +
        "cpu_winner_batch1,cpu_margin_batch1,cpu_beyond_seed_spread_batch1,cpu_winner_batch64,cpu_margin_batch64,cpu_beyond_seed_spread_batch64," +
        "cpu_rounds,cpu_round_low_batch1,cpu_round_high_batch1,cpu_round_low_batch64,cpu_round_high_batch64,cpu_beyond_timing_spread_batch1,cpu_beyond_timing_spread_batch64," +
        "dense_cpu_us_batch1,dense_cpu_us_batch64,model_us_per_image_cpu_illustrative,model_us_per_image_accelerator_illustrative,runs";

    /// <summary>The CSV (invariant culture; empty cells where there is no value). cpu_* are measured by `kit study bench` (us per
    /// forward of the prunable layers' GEMMs, whole batch; empty until timed); model_us_per_image_*_illustrative are the compute
    /// model under the built-in profiles, per image, not measured. cpu_round_low/high are the means over the timed seeds of each
    /// seed's fastest and slowest round (`kit study bench --rounds`), and cpu_beyond_timing_spread says whether the runner-up's
    /// fastest round is slower than the winner's slowest.</summary>
    public static string ToCsv(IEnumerable<VerdictRow> rows)
    {
        static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "";
        static string B(bool? v) => v is { } b ? (b ? "true" : "false") : "";
        var sb = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in rows)
        {
            var (c1, c64) = (r.CpuBatch1, r.CpuBatch64);
            int timed = Math.Max(c1?.Seeds ?? 0, c64?.Seeds ?? 0);
            sb.Append(string.Join(",", r.Dataset, r.Bits == 32 ? "float" : r.Bits.ToString(CultureInfo.InvariantCulture), F(r.TolerancePoints, "0.0#"),
                F(r.DenseAccuracy, "F2"), r.Scheme, r.Method, F(r.Rate, "F1"), F(r.Accuracy, "F2"), F(r.AccuracySd, "F2"),
                r.Seeds.ToString(CultureInfo.InvariantCulture), F(r.StorageBits, "F0"), F(r.StorageSd, "F0"), r.StorageFormat,
                r.StorageWinner ? "true" : "false", F(r.StorageMargin, "F2"), B(r.BeyondSeedSpread),
                F(c1?.Us, "F1"), F(c64?.Us, "F1"), F(c1?.Sd, "F1"), F(c64?.Sd, "F1"), timed.ToString(CultureInfo.InvariantCulture),
                r.CpuThreads?.ToString(CultureInfo.InvariantCulture) ?? "",
                c1 is null ? "" : B(c1.Winner), F(c1?.Margin, "F2"), B(c1?.BeyondSeedSpread),
                c64 is null ? "" : B(c64.Winner), F(c64?.Margin, "F2"), B(c64?.BeyondSeedSpread),
                c1 is null && c64 is null ? "" : Math.Min(c1?.Rounds ?? int.MaxValue, c64?.Rounds ?? int.MaxValue).ToString(CultureInfo.InvariantCulture),
                F(c1?.LowUs, "F1"), F(c1?.HighUs, "F1"), F(c64?.LowUs, "F1"), F(c64?.HighUs, "F1"), B(c1?.BeyondTimingSpread), B(c64?.BeyondTimingSpread),
                F(r.DenseCpuUsBatch1, "F1"), F(r.DenseCpuUsBatch64, "F1"), F(r.IllustrativeCpuUs, "F1"), F(r.IllustrativeAcceleratorUs, "F1"),
                string.Join(";", r.Runs))).Append('\n');
        }
        return sb.ToString();
    }
}
