using Kit.Costs;
using Kit.Export;
using Kit.Models;
using Kit.Tests.Costs;
using static TorchSharp.torch;

namespace Kit.Tests.Export;

/// <summary>
/// Per-layer value widths in exported files: a layer is written at b + 1 exactly when its format stores a zero entry
/// and its nonzero values fill all 2^b codes. The zero entries are counted here from the mask by each format's
/// definition (docs/model-files.md), the file is walked by the documented layout (<see cref="DocLayout"/>), and the
/// file still has the cost model's bits plus the documented overhead and loads back bit-identical.
/// </summary>
[Collection("torch")]
public class WidenedExportTests
{
    /// <summary>
    /// A model whose layer i keeps each weight with probability densities[i] (1 = every weight, no zero) and draws its
    /// values from levels[i] distinct levels. onePerGroup keeps at most one weight per 4 consecutive columns (N:M fits).
    /// </summary>
    static KitModel Build(string architecture, int seed, double[] densities, int[] levels, bool onePerGroup)
    {
        var model = ModelRegistry.Create(architecture, TorchFixture.Info, seed);
        var rng = new Random(seed);
        using var _ = no_grad();
        var layers = model.PrunableLayers;
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var table = ExportTestModels.Levels(rng, levels[i]);
            var w = new float[l.Weights];
            for (long p = 0; p < w.Length; p++)
            {
                bool groupStart = p % l.Columns % 4 == 0;
                if (onePerGroup && !groupStart) continue;
                if (rng.NextDouble() < densities[i]) w[p + (onePerGroup ? rng.Next((int)Math.Min(4, l.Columns - p % l.Columns)) : 0)] = table[rng.Next(table.Length)];
            }
            using var t = tensor(w, l.TensorShape);
            l.Weight.copy_(t);
        }
        return model;
    }

    /// <summary>Zero entries the format's encoding of the layer holds at index width k, from the format's definition.</summary>
    static long ZeroEntries(string format, LayerMask m, int k) => format switch
    {
        "dense" => m.Weights - m.Nnz,
        "bitmask" => 0,
        "structured" => (long)m.RowCounts().Count(c => c > 0) * m.ColumnCounts().Count(c => c > 0) - m.Nnz,
        "relative" or "relative_huffman" => CostTestMasks.EncodeEntries(CostTestMasks.WholeLayer(m), k) - m.Nnz,
        // Runs per row / per column (an empty run adds no entry); Nonzero is row-major, so each run is in order.
        "csr" => CostTestMasks.EncodeEntries(m.Nonzero.GroupBy(p => p / m.Columns).Select(g => g.Select(p => p % m.Columns)), k) - m.Nnz,
        "csc" => CostTestMasks.EncodeEntries(m.Nonzero.GroupBy(p => p % m.Columns).Select(g => g.Select(p => p / m.Columns)), k) - m.Nnz,
        "2:4" => m.Rows * ((m.Columns + 3L) / 4) * 2 - m.Nnz,
        "1:4" => m.Rows * ((m.Columns + 3L) / 4) - m.Nnz,
        _ => throw new ArgumentException(format),
    };

    [Fact]
    public void Relative_export_of_a_3bit_model_widens_only_the_layers_with_fillers()
    {
        // conv1 keeps every weight (no gap, no filler); the other layers are sparse. 8 levels per layer fill b = 3.
        using var model = Build("lenet5", 21, [1.0, 0.02, 0.01, 0.3], [8, 8, 8, 8], onePerGroup: false);
        var masks = ModelMasks.From(model);
        var (bytes, report) = ModelFileWriter.Encode(model, ExportTestModels.Info, "relative", null);
        Assert.Equal(3, report.Bits);
        var doc = DocLayout.Walk(bytes);
        for (int i = 0; i < doc.Layers.Count; i++)
        {
            bool fillers = ZeroEntries("relative", masks[i].Mask, doc.Layers[i].K) > 0;
            Assert.Equal(fillers ? 4 : 3, doc.Layers[i].B);
            Assert.Equal(fillers, (doc.Layers[i].Flags & 1) == 1);
            Assert.Equal(doc.Layers[i].B, report.Layers[i].Bits);
        }
        Assert.Equal(3, doc.Layers[0].B);
        Assert.Contains(doc.Layers, l => l.B == 4);
        // An explicit --bits 3 is the same file; 2 bits cannot hold 8 levels.
        Assert.Equal(bytes, ModelFileWriter.Encode(model, ExportTestModels.Info, "relative", 3).Bytes);
        var e = Assert.Throws<KitException>(() => ModelFileWriter.Encode(model, ExportTestModels.Info, "relative", 2));
        Assert.Contains("has 8 distinct nonzero values: more than 2 bits can index", e.Message);
    }

    [Fact]
    public void Random_models_export_at_the_cost_models_widths_and_load_back()
    {
        var rng = new Random(2024);
        double[] choices = [1.0, 0.5, 0.1, 0.02, 0.004];
        int widened = 0, kept = 0;
        for (int round = 0; round < 3; round++)
        {
            int bits = rng.Next(1, 5);
            bool onePerGroup = round == 1;
            string arch = round == 0 ? "lenet5" : "lenet-300-100";
            int layerCount = arch == "lenet5" ? 4 : 3;
            var densities = Enumerable.Range(0, layerCount).Select(_ => onePerGroup ? 0.05 + 0.9 * rng.NextDouble() : choices[rng.Next(choices.Length)]).ToArray();
            // Most layers fill all 2^b codes (as the quantizer makes them); some leave one free.
            var levels = Enumerable.Range(0, layerCount).Select(_ => rng.NextDouble() < 0.75 ? 1 << bits : Math.Max(1, (1 << bits) - 1)).ToArray();
            using var model = Build(arch, 100 + round, densities, levels, onePerGroup);
            var masks = ModelMasks.From(model);
            var distinct = model.PrunableLayers.Select(l => TensorValues.ToArray(l.Weight).Where(v => v != 0).Distinct().Count()).ToArray();
            var cost = ModelCost.Of(masks, "m", arch, bits);
            foreach (var format in LayerCodecs.Names)
            {
                if (format.Contains(':') && !onePerGroup) continue;
                var (bytes, report) = ModelFileWriter.Encode(model, ExportTestModels.Info, format, bits);
                var doc = DocLayout.Walk(bytes);
                string where = $"round {round}, b = {bits}, {format}";
                Assert.True(8L * bytes.Length == cost.Storage.Total.Formats[format].TotalBits + doc.OverheadBits(), where);
                for (int i = 0; i < doc.Layers.Count; i++)
                {
                    bool zeros = ZeroEntries(format, masks[i].Mask, doc.Layers[i].K) > 0;
                    int expected = zeros && distinct[i] == 1 << bits ? bits + 1 : bits;
                    Assert.True(expected == doc.Layers[i].B, $"{where}, layer {doc.Layers[i].Name}: b {doc.Layers[i].B}, expected {expected} (zeros {zeros}, {distinct[i]} levels)");
                    Assert.Equal(cost.Storage.Layers[i].Formats[format].ValueWidth, doc.Layers[i].B);
                    Assert.Equal(cost.Storage.Layers[i].Formats[format].TotalBits, doc.Layers[i].PayloadBits);
                    if (expected > bits) widened++; else kept++;
                }
                using var dir = new TempDir();
                File.WriteAllBytes(dir.File("m.kitm"), bytes);
                var (loaded, _) = ModelLoader.Load(dir.File("m.kitm"));
                using (loaded)
                {
                    var want = ExportTestModels.StateBits(model);
                    var got = ExportTestModels.StateBits(loaded);
                    foreach (var (name, w) in want) Assert.True(w.SequenceEqual(got[name]), $"{where}: {name} differs after loading");
                }
            }
        }
        // The cases must exercise both outcomes, or the test could not tell a width rule from a constant.
        Assert.True(widened > 10 && kept > 10, $"widened {widened}, kept {kept}");
    }
}
