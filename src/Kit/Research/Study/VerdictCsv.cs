using System.Globalization;
using Kit.Study;

namespace Kit.Research.Study;

using VerdictRow = Kit.Study.VerdictRow;

/// <summary>
/// Reads results/verdict.csv (what `kit study verdict` writes) back into <see cref="VerdictRow"/>s, by header name, so
/// columns added later (e.g. CPU times) do not break it. Bad input names the file, the line and the column.
/// </summary>
public static class VerdictCsv
{
    static readonly string[] Required = ["dataset", "bits", "tolerance_points", "dense_accuracy", "scheme", "method", "rate", "accuracy", "accuracy_sd",
        "seeds", "storage_bits", "storage_sd", "storage_format", "storage_winner", "storage_margin", "beyond_seed_spread", "runs"];

    static readonly string[] Optional = ["cpu_us_batch1", "cpu_us_batch64", "cpu_sd_batch1", "cpu_sd_batch64", "cpu_seeds_timed", "cpu_threads",
        "cpu_winner_batch1", "cpu_margin_batch1", "cpu_beyond_seed_spread_batch1", "cpu_winner_batch64", "cpu_margin_batch64", "cpu_beyond_seed_spread_batch64",
        "cpu_rounds", "cpu_round_low_batch1", "cpu_round_high_batch1", "cpu_round_low_batch64", "cpu_round_high_batch64", "cpu_beyond_timing_spread_batch1", "cpu_beyond_timing_spread_batch64",
        "dense_cpu_us_batch1", "dense_cpu_us_batch64", "model_us_per_image_cpu_illustrative", "model_us_per_image_accelerator_illustrative"];

    public static List<VerdictRow> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new KitException($"{path}: empty (expected the header {Kit.Study.Verdict.CsvHeader})");
        var header = lines[0].Split(',');
        foreach (var c in Required)
            if (!header.Contains(c)) throw new KitException($"{path}: no column '{c}' in the header");
        var col = Required.ToDictionary(c => c, c => Array.IndexOf(header, c));
        // The CPU columns came later (`kit study bench`): read when the header has them.
        foreach (var c in Optional.Where(header.Contains)) col[c] = Array.IndexOf(header, c);
        var rows = new List<VerdictRow>();
        for (int i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != header.Length) throw new KitException($"{path}:{i + 1}: {f.Length} fields, the header has {header.Length}");
            string S(string c) => col.TryGetValue(c, out var k) ? f[k] : "";
            double? D(string c)
            {
                var t = S(c);
                if (t.Length == 0) return null;
                return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new KitException($"{path}:{i + 1}: column {c}: '{t}' is not a number");
            }
            bool? B(string c) => S(c) switch
            {
                "" => null, "true" => true, "false" => false,
                var t => throw new KitException($"{path}:{i + 1}: column {c}: '{t}' is not true or false"),
            };
            CpuAtBatch? Cpu(string batch) => D($"cpu_us_batch{batch}") is double us
                ? new CpuAtBatch { Us = us, Sd = D($"cpu_sd_batch{batch}"), Seeds = (int)(D("cpu_seeds_timed") ?? 0), Winner = B($"cpu_winner_batch{batch}") ?? false,
                    Margin = D($"cpu_margin_batch{batch}"), BeyondSeedSpread = B($"cpu_beyond_seed_spread_batch{batch}"),
                    Rounds = (int)(D("cpu_rounds") ?? 1), LowUs = D($"cpu_round_low_batch{batch}"), HighUs = D($"cpu_round_high_batch{batch}"),
                    BeyondTimingSpread = B($"cpu_beyond_timing_spread_batch{batch}") }
                : null;
            rows.Add(new VerdictRow
            {
                Dataset = S("dataset"),
                Bits = S("bits") == "float" ? 32 : (int)(D("bits") ?? throw new KitException($"{path}:{i + 1}: column bits is empty")),
                TolerancePoints = D("tolerance_points") ?? throw new KitException($"{path}:{i + 1}: column tolerance_points is empty"),
                DenseAccuracy = D("dense_accuracy") ?? double.NaN,
                Scheme = S("scheme"), Method = S("method"), Rate = D("rate"), Accuracy = D("accuracy"), AccuracySd = D("accuracy_sd"),
                Seeds = (int)(D("seeds") ?? 0), StorageBits = D("storage_bits"), StorageSd = D("storage_sd"), StorageFormat = S("storage_format"),
                StorageWinner = B("storage_winner") ?? false, StorageMargin = D("storage_margin"), BeyondSeedSpread = B("beyond_seed_spread"),
                CpuBatch1 = Cpu("1"), CpuBatch64 = Cpu("64"), CpuThreads = (int?)D("cpu_threads"),
                DenseCpuUsBatch1 = D("dense_cpu_us_batch1"), DenseCpuUsBatch64 = D("dense_cpu_us_batch64"),
                IllustrativeCpuUs = D("model_us_per_image_cpu_illustrative"), IllustrativeAcceleratorUs = D("model_us_per_image_accelerator_illustrative"),
                Runs = S("runs").Length == 0 ? [] : [.. S("runs").Split(';')],
            });
        }
        return rows;
    }
}
