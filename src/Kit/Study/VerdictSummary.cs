using System.Globalization;
using System.Text;
using Kit.Pruning;

namespace Kit.Study;

/// <summary>
/// The verdict as the README opens its results: the storage winner of every (dataset, bits, tolerance) cell and one
/// paragraph counted from those cells. Generated (`kit study verdict --into README.md`), never written by hand.
/// </summary>
public static class VerdictSummary
{
    /// <param name="progress">Published and planned runs of the study, when its spec is known: a partial study says so first.</param>
    public static string ToMarkdown(IReadOnlyList<VerdictRow> rows, string resultsDir, (int Published, int Planned)? progress = null)
    {
        var ic = CultureInfo.InvariantCulture;
        if (rows.Count == 0)
            return $"No run of the study is in `{resultsDir}/` yet; `./kit study plan specs/study/lenet5-study.json` lists the planned runs.\n";
        var sb = new StringBuilder();
        if (progress is { } p && p.Published < p.Planned)
            sb.Append(ic, $"**Study in progress: {p.Published} of its {p.Planned} planned runs are published** (`./kit study plan specs/study/lenet5-study.json` lists which); every row below can change as runs land, and rows with one seed have no spread yet.\n\n");
        bool cpu = rows.Any(r => r.CpuBatch1 is not null || r.CpuBatch64 is not null);
        sb.Append(Paragraph(rows)).Append(' ').Append(VerdictCpuSummary.Sentence(rows)).Append("\n\n");
        sb.Append("| dataset | bits | within (points) | stores least | rate | accuracy % | seeds | bits stored | format | runner-up | margin | beyond seed spread |");
        sb.Append(cpu ? " fastest on CPU, batch 1 | fastest on CPU, batch 64 |\n" : "\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|").Append(cpu ? "---|---|\n" : "\n");
        foreach (var cell in Cells(rows))
        {
            var win = cell.FirstOrDefault(r => r.StorageWinner);
            var second = cell.Where(r => r.StorageBits is not null && !r.StorageWinner).MinBy(r => r.StorageBits);
            var first = cell[0];
            string cpuCells = cpu ? $" {VerdictCpuSummary.Cell(cell, 1)} | {VerdictCpuSummary.Cell(cell, 64)} |" : "";
            sb.Append(ic, $"| {first.Dataset} | {Bits(first.Bits)} | {first.TolerancePoints:0.0#} | ");
            if (win is null) { sb.Append("no scheme within | | | | | | | | |").Append(cpuCells).Append('\n'); continue; }
            sb.Append(ic, $"{win.Scheme} ({win.Method}) | {win.Rate:F1}x | {win.Accuracy:F2} | {win.Seeds} | {win.StorageBits:N0} | {win.StorageFormat} | ");
            sb.Append(second is null ? "none within | | |" : string.Create(ic, $"{second.Scheme} {second.Rate:F1}x | {win.StorageMargin:F2}x | {Spread(win.BeyondSeedSpread)} |"));
            sb.Append(cpuCells).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Counts, per dataset, the cells each kind of scheme wins in storage (the CPU sentence follows, <see cref="VerdictCpuSummary"/>).</summary>
    static string Paragraph(IReadOnlyList<VerdictRow> rows)
    {
        var ic = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        foreach (var ds in rows.GroupBy(r => r.Dataset))
        {
            var cells = Cells(ds.ToList()).Where(c => c.Count(r => r.StorageBits is not null) >= 2).ToList();
            if (cells.Count == 0) { parts.Add($"on {ds.Key} no cell has two schemes within tolerance yet"); continue; }
            var winners = cells.Select(c => c.Single(r => r.StorageWinner)).ToList();
            int irregular = winners.Count(w => Of(w) == SchemeStructure.NonStructured);
            int beyond = winners.Count(w => w.BeyondSeedSpread == true);
            var irregularBits = winners.Where(w => Of(w) == SchemeStructure.NonStructured).Select(w => Bits(w.Bits)).Distinct().ToList();
            bool nm = cells.Any(c => c.Any(r => r.StorageBits is not null && Of(r) == SchemeStructure.SemiStructured));
            parts.Add(string.Create(ic, $"on {ds.Key}, of {cells.Count} (bits, tolerance) cells where at least two schemes stay within tolerance, ") +
                (irregular == 0 ? "non-structured (irregular) pruning stores least in none" :
                    string.Create(ic, $"non-structured (irregular) pruning stores least in {irregular} (at {string.Join(", ", irregularBits)})")) +
                OtherSides(winners, nm) + string.Create(ic, $"; the winner's margin exceeds the seed spread in {beyond} of {cells.Count}"));
        }
        return "Storage at equal accuracy and equal bits (`results/verdict.csv`): " + string.Join("; ", parts) + ".";
    }

    internal static SchemeStructure Of(VerdictRow r) => PruningSchemes.StructureOf(r.Scheme);

    /// <summary>
    /// ", structured pruning (...) in S and N:M (...) in N" after the irregular count, or " and structured pruning in S" when
    /// no N:M model is in play: N:M is counted apart, never as the structured side the paper means.
    /// </summary>
    internal static string OtherSides(IReadOnlyList<VerdictRow> winners, bool nmInPlay)
    {
        int structured = winners.Count(w => Of(w) == SchemeStructure.Structured), nm = winners.Count(w => Of(w) == SchemeStructure.SemiStructured);
        return nmInPlay
            ? string.Create(CultureInfo.InvariantCulture, $", structured pruning (filter, column) in {structured} and N:M (semi-structured, neither side of the paper's comparison) in {nm}")
            : string.Create(CultureInfo.InvariantCulture, $" and structured pruning (filter, column) in {structured}");
    }

    internal static IEnumerable<List<VerdictRow>> Cells(IReadOnlyList<VerdictRow> rows) =>
        rows.GroupBy(r => (r.Dataset, r.Bits, r.TolerancePoints)).Select(g => g.ToList());

    internal static string Bits(int b) => b == 32 ? "float" : string.Create(CultureInfo.InvariantCulture, $"{b} bit");
    internal static string Spread(bool? b) => b switch { true => "yes", false => "no", null => "1 seed" };
}
