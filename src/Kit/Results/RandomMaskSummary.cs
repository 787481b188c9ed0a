using System.Globalization;
using System.Text;
using Kit.Costs;
using Kit.IO;

namespace Kit.Results;

/// <summary>
/// The README's random-mask storage table, rendered from the JSON `kit cost table --out` records (committed as
/// results/costs/random-masks.json). The table is a function of the seed and the cost model's code, so a test also
/// recomputes it: a change to a format's costing shows up as a stale file, and a hand edit of the README as a stale block.
/// </summary>
public static class RandomMaskSummary
{
    public const string DefaultJson = "results/costs/random-masks.json";

    public static RandomMaskReport Read(string file)
    {
        var report = Json.ReadFile<RandomMaskReport>(file, strict: true);
        if (report.Rows.Count == 0) throw new KitException($"{file}: no rows");
        return report;
    }

    public static string ToMarkdown(RandomMaskReport report, string shownFile)
    {
        var ic = CultureInfo.InvariantCulture;
        var layers = report.Rows[0].LayerK.Keys.ToList();
        var sb = new StringBuilder();
        sb.Append(ic, $"`{report.Model}` ({report.Weights:N0} weights, its real layer shapes) with uniformly random masks: each layer keeps round(N_layer / rate) weights, ")
          .Append(ic, $"seed {report.Seed}; read from `{shownFile}`. k: the relative index width the exact search chose per layer ({string.Join("/", layers)}); ")
          .Append("bits per nonzero and p_eq over the whole model (p_eq = N*b / the format's bits); closed form: the geometric-gap model ")
          .Append("`(b+k) / (1-(1-d)^(2^k))` bits per nonzero at the best k.\n\n");
        sb.Append("| rate | b | nonzeros | k (relative) | relative bits / nonzero | p_eq relative | p_eq CSR | p_eq CSC | p_eq bitmask | p_eq closed form |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in report.Rows)
            sb.Append(ic, $"| {r.Rate:G}x | {r.Bits} | {r.Nonzeros:N0} | {string.Join("/", layers.Select(l => r.LayerK.TryGetValue(l, out var k) ? k.ToString(ic) : "-"))} | ")
              .Append(ic, $"{r.RelativeBitsPerNonzero:F2} | {r.RelativePEq:F1}x | {r.CsrPEq:F1}x | {r.CscPEq:F1}x | {r.BitmaskPEq:F1}x | {r.ModelPEq:F1}x |\n");
        return sb.ToString();
    }
}
