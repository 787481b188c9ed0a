using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Costs;
using Kit.IO;

namespace Kit.Results;

/// <summary>
/// The README's CPU figures of the cost-model section, rendered from the `kit bench sparse` reports committed under
/// results/bench/ (recognized by their `break_even` list): the real masks' rows (CSR kernel vs dense GEMM on the full and on
/// the shrunk shape) and the measured break-even densities, each file with the load it ran under. `kit bench summary`
/// writes this block next to its throughput block; a test fails when the README differs from the files.
/// </summary>
public static class SparseBenchSummary
{
    public static string ToMarkdown(string benchDir, string shownDir = "results/bench")
    {
        var files = Directory.Exists(benchDir) ? Directory.EnumerateFiles(benchDir, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        var reports = files.Where(f => Json.ReadNode(f)["break_even"] is JsonArray)
            .Select(f => (File: f, Report: Json.ReadFile<SparseBenchReport>(f, strict: true))).ToList();
        if (reports.Count == 0) return $"No `kit bench sparse` result is in `{shownDir}/` yet.\n";
        var sb = new StringBuilder();
        foreach (var (file, report) in reports)
        {
            if (sb.Length > 0) sb.Append('\n');
            Append(sb, $"{shownDir}/{Path.GetFileName(file)}", report, file);
        }
        return sb.ToString();
    }

    static void Append(StringBuilder sb, string shown, SparseBenchReport r, string file)
    {
        var ic = CultureInfo.InvariantCulture;
        if (r.Rows.Count == 0) throw new KitException($"{file}: no rows");
        int cores = r.Machine?.Cores ?? throw new KitException($"{file}: no machine");
        sb.Append(ic, $"`{shown}` (kit {r.KitVersion}; {r.Machine.Cpu}, {cores} cores; median of {r.Runs} timed calls after 3 warm-ups, in microseconds; ")
          .Append(ic, $"OMP_WAIT_POLICY={r.OmpWaitPolicy}{(r.Nice is { } n ? $", nice {n}" : "")}). {LoadNote(r, cores)}{CpuNote(r)}\n\n");
        var real = r.Rows.Where(x => x.Mask.StartsWith("model:", StringComparison.Ordinal)).ToList();
        if (real.Count > 0)
        {
            sb.Append(ic, $"Real masks of `{r.Model ?? "(model not recorded)"}`, CSR kernel against torch's dense GEMM on the full shape and on the shrunk shape of equal MACs:\n\n");
            sb.Append("| layer | GEMM shape | density | batch | threads | dense full, us | dense shrunk, us | CSR, us | dense full / CSR | CSR / dense shrunk |\n");
            sb.Append("|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var x in real)
                sb.Append(ic, $"| {x.Mask["model:".Length..]} | {Shape(x.Shape)} | {Pct(x.Density, 2)} | {x.Batch} | {x.Threads} | ")
                  .Append(ic, $"{Us(x.DenseFullUs)} | {Us(x.DenseShrunkUs)} | {Us(x.SparseUs)} | {x.SpeedupVsDense:F1}x | {x.SparseOverShrunk:F2} |\n");
            sb.Append('\n');
        }
        if (r.BreakEven.Count > 0)
        {
            var densities = r.Rows.Where(x => x.Mask == "random").Select(x => x.Density).Distinct().OrderDescending().ToList();
            sb.Append(ic, $"Measured break-even density (CSR time = dense full-shape time), interpolated in log density between the random masks' densities ")
              .Append(string.Join(", ", densities.Select(d => Pct(d, 1)))).Append("; the fitted model's density is what the shape's own fitted profile predicts:\n\n");
            sb.Append("| GEMM shape | batch | threads | measured break-even density | fitted model's density |\n");
            sb.Append("|---|---|---|---|---|\n");
            foreach (var b in r.BreakEven)
                sb.Append(ic, $"| {Shape(b.Shape)} | {b.Batch} | {b.Threads} | {Crossing(b)} | {(b.ModelDensity is { } md ? Pct(md, 1) : "never")} |\n");
        }
    }

    /// <summary>What the load means for the times, from the recorded /proc/loadavg lines (1-minute figures) and the core count.</summary>
    static string LoadNote(SparseBenchReport r, int cores)
    {
        var ic = CultureInfo.InvariantCulture;
        var loads = new[] { r.LoadBefore, r.LoadAfter }.Select(OneMinute).ToList();
        if (loads.Any(l => l is null)) return "The load average was not recorded, so how busy the machine was is unknown.";
        string said = string.Create(ic, $"The 1-minute load average was {loads[0]:F2} at the start and {loads[1]:F2} at the end on this {cores}-core machine");
        return loads.Max() > cores
            ? said + ": busier than its cores, so every time is an upper bound, and calls of milliseconds (preempted by the other jobs most) are inflated most, which skews the ratios against them too; rerun on an idle machine before relying on a figure."
            : said + ": at most its cores.";
    }

    /// <summary>How much of the run the process spent on a CPU: far below 100% of a core per thread, the timed calls waited for other work.</summary>
    static string CpuNote(SparseBenchReport r) =>
        r.WallSeconds is { } wall && r.CpuSeconds is { } cpu && wall > 0
            ? string.Create(CultureInfo.InvariantCulture, $" The process was on a CPU for {cpu:F1} s of its {wall:F1} s ({Pct(cpu / wall, 0)} of one core; threads timed: {string.Join(", ", r.Rows.Select(x => x.Threads).Distinct().Order())}).")
            : "";

    static double? OneMinute(string? loadavg) =>
        loadavg?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first
        && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    static string Crossing(BreakEvenRow b)
    {
        if (b.Density is not { } d) return "-";
        var text = Pct(d, 1);
        return b.Bound switch { "above" => ">= " + text, "below" => "< " + text, _ => text };
    }

    static string Shape(string name) =>
        SparseBenchmark.Shapes.FirstOrDefault(s => s.Name == name) is { } s ? $"{name} ({s.Rows}x{s.Columns})" : name;

    /// <summary>A fraction as percent without the invariant culture's space ("0.0308" -> "3.08%").</summary>
    static string Pct(double fraction, int decimals) => (fraction * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";

    static string Us(double us) => us.ToString(us >= 100 ? "N0" : "F1", CultureInfo.InvariantCulture);
}
