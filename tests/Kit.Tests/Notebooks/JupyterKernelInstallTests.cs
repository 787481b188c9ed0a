using System.Text.Json.Nodes;
using Kit.Notebooks;

namespace Kit.Tests.Notebooks;

/// <summary>`kit notebooks install-kernel`: the spec it writes (the real pinned tool builds it), and its pieces.</summary>
public class JupyterKernelInstallTests
{
    static List<string> ArgvOf(string kernelJson) =>
        JsonNode.Parse(File.ReadAllText(kernelJson))!["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    [Fact]
    public void Installs_only_the_csharp_spec_with_the_loopback_flag_last_and_the_kit_name()
    {
        using var d = new TempDir();
        var kernels = d.File("kernels");
        var (code, stdout, stderr) = CliRun.Run("notebooks", "install-kernel", "--path", kernels);
        Assert.True(code == 0, stderr);
        // Only the C# spec, and no staging folder left behind.
        Assert.Equal([".net-csharp"], Directory.GetDirectories(kernels).Select(Path.GetFileName));
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(kernels, ".net-csharp", "kernel.json")))!;
        Assert.Equal(".NET (C#) - kit, loopback only", (string?)spec["display_name"]);
        var argv = ArgvOf(Path.Combine(kernels, ".net-csharp", "kernel.json"));
        Assert.Equal(["dotnet", "interactive", "jupyter"], argv.Take(3));
        Assert.Equal("--http-local-only", argv[^1]);
        Assert.Contains("{connection_file}", argv);
        // The port range keeps its value right after the option (the flag there would break the kernel).
        var range = argv.IndexOf("--http-port-range");
        Assert.Matches(@"^\d+-\d+$", argv[range + 1]);
        Assert.Contains("jupyter lab", stdout);
        Assert.Contains($"JUPYTER_PATH={d.Path}", stdout);

        // Again: the spec is replaced in place, the flag still there once.
        var again = CliRun.Run("notebooks", "install-kernel", "--path", kernels);
        Assert.True(again.code == 0, again.stderr);
        Assert.Contains("replaced", again.stdout);
        Assert.Single(ArgvOf(Path.Combine(kernels, ".net-csharp", "kernel.json")), a => a == "--http-local-only");
        Assert.Single(Directory.GetDirectories(kernels));
    }

    [Fact]
    public void A_file_as_the_kernels_folder_is_one_error_and_nothing_is_written()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("kernels"), "x");
        var (code, stdout, stderr) = CliRun.Run("notebooks", "install-kernel", "--path", d.File("kernels"));
        Assert.Equal(1, code);
        Assert.Equal($"error: {d.File("kernels")}: is a file, not a kernels folder", stderr.Trim());
        Assert.Equal("", stdout);
        Assert.Equal(["kernels"], Directory.GetFileSystemEntries(d.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_that_cannot_be_made_is_one_error_and_nothing_is_written()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("x"), "a file where a folder would go");
        var kernels = Path.Combine(d.File("x"), "kernels");
        var (code, stdout, stderr) = CliRun.Run("notebooks", "install-kernel", "--path", kernels);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {kernels}: cannot install the kernelspec there (", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("installed", stdout);
        Assert.Equal(["x"], Directory.GetFileSystemEntries(d.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_flag_moves_to_the_end_once_wherever_it_was()
    {
        // Where a hand edit might have put it: between --http-port-range and its value.
        var spec = JsonNode.Parse("""
            {"argv": ["dotnet", "interactive", "jupyter", "{connection_file}", "--http-port-range", "--http-local-only", "2048-3000"],
             "display_name": ".NET (C#)", "language": "C#"}
            """)!.AsObject();
        JupyterKernelInstaller.MakeLoopbackOnly(spec, "kernel.json");
        Assert.Equal(["dotnet", "interactive", "jupyter", "{connection_file}", "--http-port-range", "2048-3000", "--http-local-only"],
            spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(JupyterKernelInstaller.DisplayName, (string?)spec["display_name"]);
        Assert.Equal("C#", (string?)spec["language"]);
    }

    [Theory]
    [InlineData("""{"argv": ["dotnet", "interactive", "jupyter"]}""", "argv has no {connection_file}; not a Jupyter kernelspec the kit knows")]
    [InlineData("""{"argv": "dotnet interactive"}""", "argv is not a list of strings")]
    [InlineData("""{"display_name": "x"}""", "argv is not a list of strings")]
    public void A_spec_the_kit_does_not_know_is_refused_by_name(string json, string message)
    {
        var e = Assert.Throws<KitException>(() => JupyterKernelInstaller.MakeLoopbackOnly(JsonNode.Parse(json)!.AsObject(), "k/kernel.json"));
        Assert.Equal($"k/kernel.json: {message}", e.Message);
    }

    [Fact]
    public void The_default_folder_follows_jupyter_cores_rules()
    {
        string Dir(Dictionary<string, string> env, bool mac = false, bool win = false) =>
            JupyterPaths.UserKernelsDir(k => env.GetValueOrDefault(k), mac, win);
        Assert.Equal(Path.Combine("/h", ".local", "share", "jupyter", "kernels"), Dir(new() { ["HOME"] = "/h" }));
        Assert.Equal(Path.Combine("/x", "jupyter", "kernels"), Dir(new() { ["HOME"] = "/h", ["XDG_DATA_HOME"] = "/x" }));
        Assert.Equal(Path.Combine("/j", "kernels"), Dir(new() { ["HOME"] = "/h", ["XDG_DATA_HOME"] = "/x", ["JUPYTER_DATA_DIR"] = "/j" }));
        Assert.Equal(Path.Combine("/h", "Library", "Jupyter", "kernels"), Dir(new() { ["HOME"] = "/h", ["XDG_DATA_HOME"] = "/x" }, mac: true));
        Assert.Equal(Path.Combine("/a", "jupyter", "kernels"), Dir(new() { ["HOME"] = "/h", ["APPDATA"] = "/a" }, win: true));
        Assert.Equal(Path.Combine("/h", ".jupyter", "data", "kernels"), Dir(new() { ["HOME"] = "/h" }, win: true));
    }
}
