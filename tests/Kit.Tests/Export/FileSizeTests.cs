using Kit.Costs;
using Kit.Export;

namespace Kit.Tests.Export;

/// <summary>
/// File bits = the cost model's bits for the model and format (as `kit cost model` computes them) + the overhead the
/// format page documents, with the file walked by the page's layout (<see cref="DocLayout"/>), not by the kit's reader.
/// </summary>
[Collection("torch")]
public class FileSizeTests
{
    [Theory]
    [MemberData(nameof(RoundTripTests.FormatsAndModels), MemberType = typeof(RoundTripTests))]
    public void File_bits_are_cost_model_bits_plus_documented_overhead(string format, string architecture)
    {
        bool nm = format.Contains(':');
        using var model = ExportTestModels.PrunedQuantized(architecture, seed: 11, bits: 2, density: nm ? 0.1 : 0.03, keepOneOfFour: nm);
        var (bytes, report) = ModelFileWriter.Encode(model, ExportTestModels.Info, format, null);
        var doc = DocLayout.Walk(bytes);
        var cost = ModelCost.Of(ModelMasks.From(model), "m", architecture, report.Bits);
        long costBits = cost.Storage.Total.Formats[format].TotalBits;

        Assert.Equal(8L * bytes.Length, costBits + doc.OverheadBits());
        Assert.Equal(costBits, report.CostModelBits);
        Assert.Equal(doc.OverheadBits(), report.OverheadBits);
        Assert.Equal(format, doc.Format);
        Assert.Equal(architecture, doc.Architecture);
        // Each layer's payload is that layer's cost, with the cost model's k and value width (2^2 levels per layer: the
        // formats that store zeros write those layers at 3 bits).
        Assert.Equal(2, report.Bits);
        for (int i = 0; i < doc.Layers.Count; i++)
        {
            var layerCost = cost.Storage.Layers[i];
            Assert.Equal(layerCost.Formats[format].TotalBits, doc.Layers[i].PayloadBits);
            Assert.Equal(layerCost.IndexBits(format) ?? 0, doc.Layers[i].K);
            Assert.Equal(layerCost.Formats[format].ValueWidth, doc.Layers[i].B);
        }
        // Biases are the only non-prunable parameters of these models.
        Assert.Equal(model.PrunableLayers.Sum(l => l.Rows), doc.ParameterValues);
    }
}
