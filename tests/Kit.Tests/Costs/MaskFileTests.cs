using Kit.Costs;
using Kit.IO;

namespace Kit.Tests.Costs;

public class MaskFileTests
{
    [Fact]
    public void SingleLayerFile()
    {
        var l = MaskFile.Parse("""{"shape":[3,8],"nonzero":[0,5,23]}""");
        Assert.Single(l);
        Assert.Equal((3, 8), (l[0].Mask.Rows, l[0].Mask.Columns));
        Assert.Equal([0, 5, 23], l[0].Mask.Nonzero);
    }

    [Fact]
    public void LayersRoundTripThroughJson()
    {
        var layers = new[]
        {
            new CostLayer(new LayerMask("a", 3, 2, [0, 5]), "b", 2, 64),
            new CostLayer(new LayerMask("b", 2, 6, [0, 2, 11])),
        };
        var json = Json.Serialize(MaskFile.From(layers));
        Assert.Contains("\"consumer_columns_per_output\": 2", json);
        var back = MaskFile.Parse(json);
        Assert.Equal(2, back.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(layers[i].Mask.Nonzero, back[i].Mask.Nonzero);
            Assert.Equal(layers[i].Name, back[i].Name);
            Assert.Equal(layers[i].Consumer, back[i].Consumer);
            Assert.Equal(layers[i].OutputPositions, back[i].OutputPositions);
        }
        Assert.Equal(StorageAnalysis.Analyze(layers, 4).Total.Format("csr")!.TotalBits, StorageAnalysis.Analyze(back, 4).Total.Format("csr")!.TotalBits);
    }

    [Fact]
    public void StorageReportSerializesWithTheDocumentedNames()
    {
        var json = Json.Serialize(StorageAnalysis.Analyze([new CostLayer(CostTestMasks.Small())], 2, StorageFormats.AllNames));
        foreach (var field in new[] { "\"dense_bits\"", "\"bitmask_bits\"", "\"relative\"", "\"csr\"", "\"csc\"", "\"index_bits\"", "\"fillers\"", "\"entries\"", "\"total_bits\"", "\"p_eq\"", "\"relative_huffman\"", "\"structured_coupled\"" })
            Assert.Contains(field, json);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal(21, (long)node["layers"]![0]!["relative"]!["total_bits"]!);
        Assert.Equal(5, (int)node["layers"]![0]!["relative"]!["index_bits"]!);
    }

    [Theory]
    [InlineData("""{"shape":[3,8],"nonzero":[0,24]}""", "out of range")]
    [InlineData("""{"shape":[3,8],"nonzero":[5,0]}""", "sorted")]
    [InlineData("""{"shape":[3,8],"nonzero":[5,5]}""", "duplicate")]
    [InlineData("""{"shape":[3,8,2],"nonzero":[1]}""", "[rows, columns]")]
    [InlineData("""{"shape":[3,8]}""", "missing \"nonzero\"")]
    [InlineData("""{"shape":[3,8],"nonzero":[1],"layers":[]}""", "not both")]
    [InlineData("""{"shape":[3,8],"nonzeros":[1]}""", "nonzeros")]
    [InlineData("""{"layers":[{"name":"x","shape":[2,2],"nonzero":[9]}]}""", "layers[0]")]
    [InlineData("""{}""", "missing")]
    [InlineData("""{"shape":[3,8],"nonzero":[0,"a"]}""", "nonzero")]
    public void BadFilesGiveClearErrors(string json, string expected)
    {
        var e = Assert.Throws<KitException>(() => MaskFile.Parse(json, "m.json"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("m.json", e.Message);
    }
}
