using System.Text.Json.Nodes;
using Kit.Training;

namespace Kit.Tests.Export;

/// <summary>`kit export` and `kit eval` in-process: what they print, exit codes, one clear line per bad input, nothing half-written.</summary>
[Collection("torch")]
public class ExportCliTests
{
    static (int code, string stdout, string stderr) Run(params string[] args) => CliRun.Run(args);

    /// <summary>A pruned, 3-bit LeNet-5 saved as DIR/model.pt with its sidecar.</summary>
    static TempDir Saved()
    {
        var dir = new TempDir();
        using var model = ExportTestModels.PrunedQuantized("lenet5", seed: 4, bits: 3, density: 0.03);
        Checkpoint.Save(model, dir.File("model.pt"), ExportTestModels.Info);
        return dir;
    }

    [Fact]
    public void Export_prints_file_bits_cost_model_bits_and_their_difference()
    {
        using var dir = Saved();
        var (code, stdout, stderr) = Run("export", "--model", dir.Path, "--format", "csr", "--out", dir.File("m.kitm"));
        Assert.True(code == 0, stderr);
        long fileBits = 8 * new FileInfo(dir.File("m.kitm")).Length;
        // The cost model's figure, from `kit cost model` on the original checkpoint at the b export chose (3: 8 levels;
        // layers with fillers at 4 bits, which the cost model counts too).
        var (c2, costJson, _) = Run("cost", "model", "--model", dir.File("model.pt"), "--bits", "3", "--format", "csr", "--json");
        Assert.Equal(0, c2);
        long costBits = (long)JsonNode.Parse(costJson)!["storage"]!["total"]!["csr"]!["total_bits"]!;
        Assert.Contains("format csr, b = 3", stdout);
        Assert.Contains($"file bits        {fileBits,14:N0}", stdout);
        Assert.Contains($"cost-model bits  {costBits,14:N0}", stdout);
        Assert.Contains($"difference       {fileBits - costBits,14:N0}", stdout);
        Assert.Contains("SHA-256 trailer", stdout);
        // Written atomically: no temp file left next to it.
        Assert.Equal(["m.kitm", "model.json", "model.pt"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());

        // The exported file costs exactly like the checkpoint it came from (same masks and values).
        var (c3, fromFile, _) = Run("cost", "model", "--model", dir.File("m.kitm"), "--bits", "4", "--json");
        var (_, fromPt, _) = Run("cost", "model", "--model", dir.File("model.pt"), "--bits", "4", "--json");
        Assert.Equal(0, c3);
        Assert.Equal(JsonNode.Parse(fromPt)!["storage"]!.ToJsonString(), JsonNode.Parse(fromFile)!["storage"]!.ToJsonString());
        var (c4, inspect, _) = Run("inspect", dir.File("m.kitm"), "--out", dir.File("i.json"));
        Assert.Equal(0, c4);
        Assert.Contains("overall rate", inspect);
    }

    [Fact]
    public void All_formats_prints_a_markdown_table_of_every_format()
    {
        using var dir = Saved();
        var (code, stdout, stderr) = Run("export", "--model", dir.File("model.pt"), "--all-formats", "--out", dir.File("all"));
        Assert.True(code == 0, stderr);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| ")).ToList();
        Assert.Equal("| format | b | file bytes | cost model bytes (bits / 8) | overhead bytes | smaller than .pt | load ms |", rows[0]);
        foreach (var f in Kit.Export.LayerCodecs.Names) Assert.Single(rows, r => r.StartsWith($"| {f} |"));
        Assert.Contains(rows, r => r.StartsWith("| 2:4 |") && r.Contains("cannot hold this model"));
        Assert.Contains(rows, r => r.StartsWith($"| .pt (float32 state dict) | 32 | {new FileInfo(dir.File("model.pt")).Length:N0} |"));
        Assert.Equal($"| csr | 3 | {new FileInfo(dir.File("all/model.csr.kitm")).Length:N0} |", string.Join("|", rows.Single(r => r.StartsWith("| csr |")).Split('|')[..4]) + "|");
    }

    [Fact]
    public void Eval_gives_the_same_accuracy_for_the_checkpoint_and_its_export()
    {
        using var dir = Saved();
        Assert.Equal(0, Run("export", "--model", dir.Path, "--format", "relative_huffman", "--out", dir.File("m.kitm")).code);
        var (c1, pt, e1) = Run("eval", "--model", dir.File("model.pt"), "--limit", "200", "--threads", "1", "--json");
        var (c2, kitm, e2) = Run("eval", "--model", dir.File("m.kitm"), "--limit", "200", "--threads", "1", "--json");
        Assert.True(c1 == 0, e1);
        Assert.True(c2 == 0, e2);
        var (a, b) = (JsonNode.Parse(pt)!, JsonNode.Parse(kitm)!);
        Assert.Equal(200, (int)b["test_images"]!);
        Assert.Equal((double)a["accuracy"]!, (double)b["accuracy"]!);
        Assert.Equal((double)a["loss"]!, (double)b["loss"]!);
        Assert.Equal("m.kitm", (string)b["model"]!);
    }

    [Fact]
    public void Bad_inputs_give_one_clear_line_and_write_nothing()
    {
        using var dir = Saved();
        var before = CliRun.Snapshot(dir.Path);
        void Fails(string expected, params string[] args)
        {
            var (code, stdout, stderr) = Run(args);
            Assert.Equal(1, code);
            Assert.StartsWith(expected, stderr);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Equal("", stdout);
            Assert.Equal(before, CliRun.Snapshot(dir.Path));
        }
        var pt = dir.File("model.pt");
        Fails("error: --format: no encoder for 'zip' (known: 1:4, 2:4, bitmask", "export", "--model", pt, "--format", "zip", "--out", dir.File("x.kitm"));
        Fails("error: --out FILE is required", "export", "--model", pt, "--format", "csr");
        Fails("error: --format FORMAT is required (or --all-formats)", "export", "--model", pt, "--out", dir.File("x.kitm"));
        Fails("error: bits per stored value must be in 1..32, got 40", "export", "--model", pt, "--format", "csr", "--bits", "40", "--out", dir.File("x.kitm"));
        Fails($"error: {pt}: layer 'conv1' has 8 distinct nonzero values plus the zero code: more than 2 bits can index",
            "export", "--model", pt, "--format", "dense", "--bits", "2", "--out", dir.File("x.kitm"));
        Fails($"error: {dir.File("none.pt")}: checkpoint not found", "export", "--model", dir.File("none.pt"), "--format", "csr", "--out", dir.File("x.kitm"));
        Fails("error: --limit must be >= 1, got 0", "eval", "--model", pt, "--limit", "0");

        var bad = dir.File("bad.kitm");
        Assert.Equal(0, Run("export", "--model", pt, "--format", "bitmask", "--out", bad).code);
        var bytes = File.ReadAllBytes(bad);
        File.WriteAllBytes(bad, bytes[..^7]);
        before = CliRun.Snapshot(dir.Path);
        Fails($"error: {bad}: header: corrupt or truncated", "eval", "--model", bad, "--threads", "1");
        Fails($"error: {bad}: header: corrupt or truncated", "attack", "--model", bad, "--attack", "fgsm", "--eps", "0.1", "--limit", "10");
    }
}
