using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>Mask file errors name the source and the layer; defaults for names; what <see cref="MaskFile.From"/> omits.</summary>
public class MaskFileErrorTests
{
    static string Error(string json) => Assert.Throws<KitException>(() => MaskFile.Parse(json, "m.json")).Message;

    [Fact]
    public void EmptyLayerList() => Assert.Equal("m.json: \"layers\" is empty", Error("""{"layers":[]}"""));

    [Fact]
    public void NullLayer() => Assert.Equal("m.json: layers[1] is null", Error("""{"layers":[{"shape":[1,2],"nonzero":[0]},null]}"""));

    [Fact]
    public void MissingShapeNamesTheLayer() =>
        Assert.Equal("m.json: layers[0]: missing \"shape\" ([rows, columns])", Error("""{"layers":[{"nonzero":[0]}]}"""));

    [Fact]
    public void SingleLayerErrorsNameOnlyTheFile() =>
        Assert.Equal("m.json: missing \"nonzero\" (flat row-major indices)", Error("""{"shape":[1,2]}"""));

    [Fact]
    public void OutputPositionsBelowOne() =>
        Assert.Equal("m.json: layers[0]: \"output_positions\" must be >= 1",
            Error("""{"layers":[{"shape":[1,2],"nonzero":[0],"output_positions":0}]}"""));

    [Fact]
    public void OutputPositionsOfOneIsValid() =>
        Assert.Equal(1, MaskFile.Parse("""{"layers":[{"shape":[1,2],"nonzero":[0],"output_positions":1}]}""")[0].OutputPositions);

    [Fact]
    public void UnnamedLayersAreNumbered()
    {
        var l = MaskFile.Parse("""{"layers":[{"shape":[1,2],"nonzero":[0]},{"shape":[1,2],"nonzero":[1]}]}""");
        Assert.Equal(["layer0", "layer1"], l.Select(x => x.Name));
        Assert.Equal("layer", MaskFile.Parse("""{"shape":[1,2],"nonzero":[0]}""")[0].Name);
    }

    [Fact]
    public void FromOmitsDefaultsAndUnusedFields()
    {
        // Without a consumer the columns-per-output has no meaning; one output position is the default.
        var f = MaskFile.From([new CostLayer(new LayerMask("a", 1, 2, [0]), null, 3, 1)]);
        Assert.Null(f.Layers![0].ConsumerColumnsPerOutput);
        Assert.Null(f.Layers[0].OutputPositions);
        var g = MaskFile.From([new CostLayer(new LayerMask("a", 1, 2, [0]), null, 1, 5)]);
        Assert.Equal(5, g.Layers![0].OutputPositions);
    }

    [Fact]
    public void A_single_layer_file_keeps_its_name_and_is_called_layer_without_one()
    {
        Assert.Equal("conv2", Assert.Single(MaskFile.Parse("""{"name":"conv2","shape":[2,3],"nonzero":[0,4]}""")).Mask.Name);
        Assert.Equal("layer", Assert.Single(MaskFile.Parse("""{"shape":[2,3],"nonzero":[0,4]}""")).Mask.Name);
    }
}
