using System.Text.Json.Nodes;
using Kit.Costs;

namespace Kit.Study;

/// <summary>A run's measured CPU times as the verdict needs them (from its cpu.json); <paramref name="Load"/> is the higher
/// 1-minute load average of before and after the timing, and <paramref name="Cores"/> the machine's (other load inflates times).
/// <paramref name="Range1"/> and <paramref name="Range64"/> are its fastest and slowest round's medians (null with one round).</summary>
public sealed record RunCpu(double? Batch1Us, double? Batch64Us, int Threads, string File, double? Load = null, int? Cores = null,
    (double Low, double High)? Range1 = null, (double Low, double High)? Range64 = null, int Rounds = 1)
{
    public double? At(int batch) => batch switch { 1 => Batch1Us, 64 => Batch64Us, _ => null };
    public (double Low, double High)? RangeAt(int batch) => batch switch { 1 => Range1, 64 => Range64, _ => null };
}

/// <summary>A verdict row's measured time at one batch size: mean over its timed seeds, and whether it is its cell's fastest.</summary>
public sealed record CpuAtBatch
{
    public double Us { get; init; }
    /// <summary>Sample sd over the timed seeds (null with one).</summary>
    public double? Sd { get; init; }
    public int Seeds { get; init; }
    public bool Winner { get; init; }
    /// <summary>Winner rows: the runner-up's time over the winner's.</summary>
    public double? Margin { get; init; }
    /// <summary>Winner rows: the difference exceeds the sum of the two sds over seeds (null unless both have two timed seeds or more).</summary>
    public bool? BeyondSeedSpread { get; init; }
    /// <summary>Means over the timed seeds of each seed's fastest and slowest round (null unless every timed seed has two rounds or more).</summary>
    public double? LowUs { get; init; }
    public double? HighUs { get; init; }
    /// <summary>The fewest rounds any timed seed of the row has.</summary>
    public int Rounds { get; init; } = 1;
    /// <summary>Winner rows: the runner-up's fastest round is slower than the winner's slowest (null unless both have rounds):
    /// the order holds however this CPU's speed drifted while timing.</summary>
    public bool? BeyondTimingSpread { get; init; }
}

/// <summary>
/// The CPU side of the verdict: reads each run's cpu.json (`kit study bench`), averages the seeds of a row, picks each
/// cell's fastest scheme per batch size with the same spread rule as storage, checks the order against the timing noise
/// when the runs were timed in several rounds (a CPU's speed drifts by more than many margins between timings), and the illustrative compute-model times
/// (built-in profiles, not measured) from the run's cost.json.
/// </summary>
public static class VerdictCpu
{
    /// <summary>The run's cpu.json, or null when it has not been timed; a file that does not describe this run is an error.</summary>
    public static RunCpu? Read(string folder)
    {
        string file = Path.Combine(folder, "cpu.json");
        if (!File.Exists(file)) return null;
        var r = Kit.IO.Json.ReadFile<CpuReport>(file, strict: false);
        string run = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        if (r.Run != run) throw new KitException($"{file}: times run '{r.Run}', not '{run}' (rerun `kit study bench --runs {run}`)");
        if (r.Threads < 1) throw new KitException($"{file}: threads must be >= 1, got {r.Threads}");
        foreach (var b in r.Batches)
        {
            if (!(double.IsFinite(b.MedianUs) && b.MedianUs > 0)) throw new KitException($"{file}: batch {b.Batch}: median_us must be a positive number, got {b.MedianUs}");
            if (b.RoundsUs.Count > 0 && (b.RoundsUs.Count != r.Rounds || b.RoundsUs.Any(x => !(double.IsFinite(x) && x > 0))))
                throw new KitException($"{file}: batch {b.Batch}: rounds_us must hold {r.Rounds} positive numbers (rounds {r.Rounds}), got {b.RoundsUs.Count}");
        }
        var loads = new[] { r.LoadBefore, r.LoadAfter }.Select(OneMinute).OfType<double>().ToList();
        return new RunCpu(r.MedianUs(1), r.MedianUs(64), r.Threads, file, loads.Count == 0 ? null : loads.Max(), r.Machine?.Cores,
            r.RoundRange(1), r.RoundRange(64), r.Rounds);
    }

    /// <summary>The first field of a /proc/loadavg line.</summary>
    static double? OneMinute(string? loadavg) =>
        loadavg?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } f
        && double.TryParse(f, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Times taken with different thread counts are not comparable: an error naming one file of each count.</summary>
    public static void CheckSameThreads(IEnumerable<RunCpu> timed)
    {
        var counts = timed.GroupBy(c => c.Threads).ToList();
        if (counts.Count > 1)
            throw new KitException("cpu.json files were timed with different thread counts (" +
                string.Join(", ", counts.Select(g => $"{g.Key} in {g.First().File}")) + "): retime them with one `kit study bench --threads N`");
    }

    /// <summary>Compute-model time per image (us) of the run under the built-in cpu and accelerator profiles, from its cost.json (illustrative, not measured).</summary>
    public static (double? Cpu, double? Accelerator) Illustrative(JsonNode cost, string scheme, int bits, string file)
    {
        if (cost["compute"] is not JsonArray layers) return (null, null);
        bool sparse = ModelCpuBench.KernelFor(scheme) == CpuKernel.Csr;
        double Time(HardwareProfile p) => layers.Sum(l =>
        {
            long macs = l?[sparse ? "nonstructured_macs" : "structured_macs"]?.GetValue<long>() ?? throw new KitException($"{file}: compute layer without MACs");
            if (!sparse) return ComputeModel.DenseNs(macs, p, bits);
            return macs == 0 ? 0 : ComputeModel.SparseNs(macs, p, bits, l!["index_bits"]?.GetValue<int>() ?? 8);
        }) / 1e3;
        return (Time(Profile("cpu-illustrative")), Time(Profile("accelerator-illustrative")));
    }

    static HardwareProfile Profile(string name) => HardwareProfile.BuiltIn.Single(p => p.Name == name);

    /// <summary>Mean and sd over the seeds of a row that were timed at <paramref name="batch"/>; null when none was.</summary>
    public static CpuAtBatch? Aggregate(IEnumerable<StudyRun> seeds, int batch)
    {
        var timed = seeds.Select(r => r.Cpu).OfType<RunCpu>().Where(c => c.At(batch) is not null).ToList();
        if (timed.Count == 0) return null;
        var t = timed.Select(c => c.At(batch)!.Value).ToList();
        double sd = Kit.Results.ResultsSummary.Sd(t);
        var ranges = timed.Select(c => c.RangeAt(batch)).ToList();
        bool rounds = ranges.All(x => x is not null);
        return new CpuAtBatch
        {
            Us = t.Average(), Sd = double.IsNaN(sd) ? null : sd, Seeds = t.Count,
            LowUs = rounds ? ranges.Average(x => x!.Value.Low) : null, HighUs = rounds ? ranges.Average(x => x!.Value.High) : null,
            Rounds = timed.Min(c => c.Rounds),
        };
    }

    /// <summary>Marks, per batch size, the cell's fastest timed row with its margin and spread flag.</summary>
    public static List<VerdictRow> MarkWinners(List<VerdictRow> cell)
    {
        var rows = cell;
        foreach (var batch in ModelCpuBench.Batches)
        {
            var ranked = rows.Select((r, i) => (cpu: Get(r, batch), i)).Where(x => x.cpu is not null).OrderBy(x => x.cpu!.Us).ToList();
            if (ranked.Count == 0) continue;
            var (win, second) = (ranked[0].cpu!, ranked.Count > 1 ? ranked[1].cpu : null);
            var marked = win with
            {
                Winner = true,
                Margin = second is null ? null : second.Us / win.Us,
                BeyondSeedSpread = second is null ? null : Kit.Research.Study.StudyStats.Beyond(second.Us - win.Us, win.Sd, second.Sd),
                BeyondTimingSpread = second is null ? null : BeyondTiming(win, second),
            };
            rows = rows.Select((r, i) => i == ranked[0].i ? Set(r, batch, marked) : r).ToList();
        }
        return rows;
    }

    /// <summary>The timing-spread rule: the slower side's fastest round is slower than the faster side's slowest (null
    /// unless both were timed in rounds), so the order holds however this CPU drifted while timing.</summary>
    public static bool? BeyondTiming(CpuAtBatch faster, CpuAtBatch slower) =>
        slower.LowUs is { } low && faster.HighUs is { } high ? low > high : null;

    public static CpuAtBatch? Get(VerdictRow r, int batch) => batch == 1 ? r.CpuBatch1 : r.CpuBatch64;
    static VerdictRow Set(VerdictRow r, int batch, CpuAtBatch c) => batch == 1 ? r with { CpuBatch1 = c } : r with { CpuBatch64 = c };
}
