using System.Diagnostics;
using Kit.Models;
using Kit.Training;

namespace Kit.Export;

/// <summary>One format of <see cref="ExportTable"/>: the file it wrote, or why the format cannot hold the model.</summary>
public sealed record ExportTableRow(string Format, ExportReport? Report, double? LoadMilliseconds, string? File, string? Problem);

/// <summary>
/// `kit export --all-formats`: the model exported in every format, each file loaded back (its logits are not compared
/// here; the tests do that), with file bytes, the cost model's bits and the load time, as a markdown table.
/// </summary>
public static class ExportTable
{
    /// <summary>Exports in <paramref name="codecs"/> (default: every format) into OUTDIR/STEM.FORMAT.kitm.</summary>
    public static List<ExportTableRow> Build(KitModel model, CheckpointInfo source, int? bits, string outDir, string stem, IEnumerable<ILayerCodec>? codecs = null)
    {
        var rows = new List<ExportTableRow>();
        foreach (var codec in codecs ?? LayerCodecs.All)
        {
            var file = Path.Combine(outDir, $"{stem}.{codec.Name.Replace(':', '-')}.kitm");
            ExportReport report;
            try { report = ModelFileWriter.Write(model, source, codec.Name, bits, file); }
            catch (KitException e)
            {
                rows.Add(new ExportTableRow(codec.Name, null, null, null, e.Message));
                continue;
            }
            var clock = Stopwatch.StartNew();
            var (loaded, _) = ModelLoader.Load(file);
            loaded.Dispose();
            rows.Add(new ExportTableRow(codec.Name, report, clock.Elapsed.TotalMilliseconds, file, null));
        }
        return rows;
    }

    /// <summary>The table as markdown; <paramref name="ptBytes"/> is the source checkpoint's size (null when the source is not a .pt).</summary>
    public static IEnumerable<string> Markdown(IReadOnlyList<ExportTableRow> rows, long? ptBytes)
    {
        yield return "| format | b | file bytes | cost model bytes (bits / 8) | overhead bytes | smaller than .pt | load ms |";
        yield return "|---|---|---|---|---|---|---|";
        foreach (var r in rows)
        {
            if (r.Report is not { } x)
            {
                yield return $"| {r.Format} | - | - | - | - | - | cannot hold this model |";
                continue;
            }
            string ratio = ptBytes is { } pt ? $"{(double)pt / x.FileBytes:F1}x" : "-";
            yield return $"| {r.Format} | {x.Bits} | {x.FileBytes:N0} | {x.CostModelBits / 8.0:N0} | {x.OverheadBits / 8.0:N0} | {ratio} | {r.LoadMilliseconds:F1} |";
        }
        if (ptBytes is { } p) yield return $"| .pt (float32 state dict) | 32 | {p:N0} | - | - | 1.0x | - |";
    }
}
