using System.Globalization;
using System.Text;

namespace Kit.Study;

/// <summary>
/// The README's table of the study's real model sizes: per published run its accuracy, the format and b of its
/// model.kitm, the file's bytes and the float32 checkpoint's. Generated (`kit study models --into README.md`) from the
/// published records, each model file checked against its record; never written by hand.
/// </summary>
public static class ModelTable
{
    public static string ToMarkdown(string resultsDir, string shownDir = "results/study")
    {
        var ic = CultureInfo.InvariantCulture;
        var runs = Directory.Exists(resultsDir) ? PublishedRun.All(resultsDir) : [];
        if (runs.Count == 0) return $"No run of the study is in `{shownDir}/` yet.\n";
        var rows = runs.Select(r => (Run: r, Model: RunModelFile.Exists(r.Folder) ? RunModelFile.Read(r.Folder) : null)).ToList();
        var files = rows.Where(x => x.Model is not null).Select(x => x.Model!).ToList();
        var sb = new StringBuilder();
        sb.Append(ic, $"{files.Count} of the {runs.Count} published runs keep their model as `{shownDir}/RUN/{RunModelFile.FileName}` ");
        sb.Append(ic, $"(format and size in `{RunModelFile.RecordName}`; `./kit eval --model FILE` tests it): {files.Sum(f => f.FileBytes):N0} bytes together, ");
        sb.Append(ic, $"{files.Sum(f => f.PtBytes):N0} bytes as float32 `.pt` checkpoints. Each file is the model in the format with the fewest cost-model bits that holds it exactly ");
        sb.Append("(b = 32: raw float32 values of an unquantized model); its size is those bits plus the overhead of [docs/model-files.md](docs/model-files.md).\n\n");
        sb.Append("| run | test accuracy % | rate | quantized | format | b | file bytes | float32 .pt bytes | .pt / file |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (r, m) in rows)
        {
            double rate = r.Dense ? 1 : r.Record["overall_rate"]?.GetValue<double>() ?? double.NaN;
            sb.Append(ic, $"| `{r.Name}` | {r.Accuracy:F2} | {rate:F1}x | {(r.Bits == 32 ? "float" : $"{r.Bits} bit")} | ");
            sb.Append(m is null ? "no model file yet (`./kit study backfill-models`) | | | | |\n"
                : string.Create(ic, $"{m.Format} | {m.Bits} | {m.FileBytes:N0} | {m.PtBytes:N0} | {(double)m.PtBytes / m.FileBytes:F1}x |\n"));
        }
        return sb.ToString();
    }
}
