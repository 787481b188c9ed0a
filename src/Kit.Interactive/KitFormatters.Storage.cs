using System.Text;
using Kit.Costs;

namespace Kit.Interactive;

/// <summary>Views of the storage cost model's reports (<see cref="StorageAnalysis"/>, <see cref="ModelCost"/>).</summary>
public static partial class KitFormatters
{
    public static string Html(StorageReport s)
    {
        var formats = s.Formats;
        var sb = new StringBuilder("<div class=\"kit-storage-report\">");
        sb.Append(Caption(StorageCaption(s)));
        var header = new[] { "layer", "shape", "nonzero", "rate" }.Concat(formats.Select(f => f + " bits")).Append("structured coupled bits").ToArray();
        var rows = s.Layers.Select(l => new[] { l.Name, string.Join("x", l.Shape), I(l.Nonzeros), l.Rate is { } r ? Rate(r) : "-" }
            .Concat(formats.Select(f => LayerCell(l, f))).Append(l.StructuredCoupled is { } c ? I(c.TotalBits) : "-").ToArray()).ToList();
        rows.Add(new[] { "total", "", I(s.Total.Nonzeros), s.Total.Rate is { } tr ? Rate(tr) : "-" }
            .Concat(formats.Select(f => s.Total.Format(f) is { } t ? I(t.TotalBits) : "-")).Append(s.Total.StructuredBits is { } sb2 ? I(sb2) : "-").ToArray());
        Table(sb, header, rows, boldLast: true);
        sb.Append("<p>p_eq (dense bits / format bits): ").Append(Enc(PEqText(s.Total))).Append("</p>");
        return sb.Append("</div>").ToString();
    }

    public static string Text(StorageReport s)
    {
        var sb = new StringBuilder();
        sb.AppendLine(StorageCaption(s));
        foreach (var l in s.Layers)
            sb.AppendLine($"  {l.Name,-10} nnz {l.Nonzeros}/{l.Weights}  " + string.Join("  ", s.Formats.Select(f => $"{f} {LayerCell(l, f)}")));
        sb.AppendLine("  total  " + string.Join("  ", s.Formats.Select(f => $"{f} {(s.Total.Format(f) is { } t ? I(t.TotalBits) : "-")}")));
        sb.AppendLine("  p_eq: " + PEqText(s.Total));
        return sb.ToString().TrimEnd();
    }

    public static string Html(ModelCostReport r) =>
        Caption($"{r.Architecture} ({r.Model}), b = {r.Bits}: {ComputeText(r)}") + Html(r.Storage);

    public static string Text(ModelCostReport r) => $"{r.Architecture} ({r.Model}), b = {r.Bits}: {ComputeText(r)}\n{Text(r.Storage)}";

    static string ComputeText(ModelCostReport r)
    {
        var t = r.ComputeTotal;
        var macs = $"MACs per image dense {I(t.DenseMacs)}, structured {I(t.StructuredMacs)}, non-structured {I(t.NonstructuredMacs)}";
        return r.Profile is null ? macs : macs + $"; {r.Profile.Name}: dense {F1(t.DenseNs!.Value / 1e3)} us, structured {F1(t.StructuredNs!.Value / 1e3)} us, sparse {F1(t.NonstructuredNs!.Value / 1e3)} us";
    }

    static string StorageCaption(StorageReport s)
    {
        var caption = $"storage at {s.Bits} bits";
        // The best exact format is only defined when every sparse format was computed.
        if (StorageAnalysis.TryBestFormat(s) is var (format, bits))
            caption += $", best exact format {format} ({I(bits)} bits, p_eq {Rate(StorageAnalysis.PEq(s.Total.DenseBits, bits))})";
        return caption;
    }

    /// <summary>Bits in a format, with the chosen index width k in parentheses where the format has one.</summary>
    static string LayerCell(LayerStorage l, string format) =>
        !l.Formats.TryGetValue(format, out var c) ? "-" : l.IndexBits(format) is { } k ? $"{I(c.TotalBits)} (k={k})" : I(c.TotalBits);

    static string PEqText(StorageTotal t) => string.Join(", ", t.PEq.Select(kv => $"{kv.Key} {Rate(kv.Value)}"));
}
