using Kit.Costs;

namespace Kit.Tests.Costs;

/// <summary>Format lookup and `--format` parsing.</summary>
public class StorageFormatsParseTests
{
    [Fact]
    public void FormatsAreInOrdinalNameOrder()
    {
        var names = StorageFormats.All.Select(f => f.Name).ToList();
        Assert.True(names.Count > 1);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void UnknownNameIsAnErrorListingTheKnownOnes()
    {
        var e = Assert.Throws<KitException>(() => StorageFormats.Get("nope"));
        Assert.StartsWith("unknown storage format 'nope' (known: ", e.Message);
        Assert.Contains("csc, csr", e.Message);   // csc and csr are neighbours in name order
    }

    [Fact]
    public void ParseTrimsAndSplitsNames() =>
        Assert.Equal(["csc", "csr"], StorageFormats.Parse([" csr , csc ", ","]));

    [Fact]
    public void ParseDefaultIsTheDefaultSelection()
    {
        Assert.Equal(StorageFormats.Default.Order(StringComparer.Ordinal), StorageFormats.Parse(["DEFAULT"]));
        Assert.NotEmpty(StorageFormats.Default);
    }

    [Fact]
    public void ParseUnknownNameNamesTheOption()
    {
        var e = Assert.Throws<KitException>(() => StorageFormats.Parse(["csr,zz"]));
        Assert.StartsWith("--format: unknown format 'zz' (known: all, default, ", e.Message);
        Assert.Contains("csc, csr", e.Message);
    }
}
