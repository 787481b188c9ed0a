using Kit.Notebooks;

namespace Kit.Tests.Notebooks;

/// <summary>When the CLI rebuilds the notebooks' kernel extension: a fake repository layout, file times set by hand.</summary>
public class KernelExtensionBuildTests
{
    static void Touch(string path, DateTime utc)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, utc);
    }

    [Fact]
    public void Up_to_date_only_with_output_and_stamp_newer_than_every_source()
    {
        using var d = new TempDir();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Touch(d.File("src/Kit/Pruning/A.cs"), t0);
        Touch(d.File("src/Kit.Interactive/Kit.Interactive.csproj"), t0);
        Touch(d.File("Directory.Build.props"), t0);
        Assert.False(KernelExtensionBuild.IsUpToDate(d.Path));                        // nothing built
        Touch(d.File("src/Kit.Interactive/bin/Release/net10.0/Kit.Interactive.dll"), t0.AddMinutes(1));
        Assert.False(KernelExtensionBuild.IsUpToDate(d.Path));                        // built, but not by the kit (no stamp)
        Touch(d.File("src/Kit.Interactive/bin/Release/.kit-build-stamp"), t0.AddMinutes(1));
        Assert.True(KernelExtensionBuild.IsUpToDate(d.Path));
        // Build outputs of the library are not sources.
        Touch(d.File("src/Kit/obj/Release/x.cs"), t0.AddMinutes(5));
        Touch(d.File("src/Kit/bin/Release/Kit.dll"), t0.AddMinutes(5));
        Assert.True(KernelExtensionBuild.IsUpToDate(d.Path));
        // An edited library source, repo-wide MSBuild file or vendored asset makes it stale.
        Touch(d.File("src/Kit/Pruning/A.cs"), t0.AddMinutes(2));
        Assert.False(KernelExtensionBuild.IsUpToDate(d.Path));
        Touch(d.File("src/Kit/Pruning/A.cs"), t0);
        Touch(d.File("Directory.Build.props"), t0.AddMinutes(2));
        Assert.False(KernelExtensionBuild.IsUpToDate(d.Path));
        Touch(d.File("Directory.Build.props"), t0);
        Touch(d.File("src/Kit/Notebooks/katex/katex.min.js"), t0.AddMinutes(2));
        Assert.False(KernelExtensionBuild.IsUpToDate(d.Path));
    }

    [Fact]
    public void Outside_a_clone_the_error_says_what_is_missing()
    {
        using var d = new TempDir();
        var e = Assert.Throws<KitException>(() => KernelExtensionBuild.EnsureBuilt(d.Path));
        Assert.Contains("Kit.Interactive", e.Message);
    }
}
