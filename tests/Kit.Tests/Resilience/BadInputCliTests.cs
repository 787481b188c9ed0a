using System.Text.Json.Nodes;

namespace Kit.Tests.Resilience;

/// <summary>Bad input through the CLI: one `error:` line naming the field or file, exit code 1, and no output folder created.</summary>
public class BadInputCliTests
{
    /// <summary>Edits of the tiny spec (JSON path = new value), each with what the message must contain.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "colour", "\"red\"", "'colour' could not be mapped" },                  // unknown field
        { "prune.admm.periods", "\"two\"", "at field 'prune.admm.periods'" },      // wrong type
        { "seed", "1.5", "at field 'seed'" },                                      // wrong type (fraction for an integer)
        { "prune.steps", "[{\"rate\": 0.5}]", "prune.steps[0].rate must be >= 1" }, // out of range rate
        { "quantize.bits", "0", "quantize.bits" },                                 // out of range bits
        { "dense.train.epochs", "-1", "dense.train.epochs must be in 0..10000" },  // out of range epochs
        { "prune.scheme", "3", "at field 'prune.scheme'" },                        // enum as a number
        { "prune.steps", "[{\"rate\": 1e9}]", "leaves no weights" },               // impossible keep count
        { "prune.steps", "[{\"rate\": 4, \"layers\": {\"conv1\": {\"weights\": 0}}}]", "prune.steps[0].layers.conv1.weights must be a fraction" },
        { "prune.steps", "[{\"rate\": 4, \"layers\": {\"conv9\": {\"weights\": 0.5}}}]", "prune.steps[0].layers.conv9: model lenet5 has no layer" },
        { "quantize.retrain", "null", "at field 'quantize.retrain'" },             // null for a required block
        { "data.dataset", "\"cifar100\"", "data.dataset: unknown dataset 'cifar100'" },
        { "device", "\"cuda\"", "device: cuda requested, but torch.cuda.is_available() is false" }, // this machine's libtorch is CPU-only
        { "device", "\"tpu\"", "at field 'device'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_spec_is_one_clear_line_and_writes_nothing(string path, string value, string expected)
    {
        using var d = new TempDir();
        var spec = JsonNode.Parse(TinyRuns.CompressJson)!;
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(spec, (n, p) => n[p]!);
        parent[parts[^1]] = JsonNode.Parse(value);
        File.WriteAllText(d.File("bad.json"), spec.ToJsonString());
        var outDir = d.File("out");
        var (code, stdout, stderr) = CliRun.Run("compress", "--spec", d.File("bad.json"), "--out", outDir);
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(outDir), $"{outDir} was created; stdout: {stdout}");
    }

    [Fact]
    public void Missing_dataset_files_name_the_file_and_write_nothing()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d.File("emptydata"));
        File.WriteAllText(d.File("tiny.json"), TinyRuns.CompressJson);
        var outDir = d.File("out");
        var (code, _, stderr) = CliRun.Run("compress", "--spec", d.File("tiny.json"), "--data", d.File("emptydata"), "--out", outDir);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains(Path.Combine(d.File("emptydata"), ""), stderr);
        Assert.False(Directory.Exists(outDir));
        (code, _, stderr) = CliRun.Run("compress", "--spec", d.File("tiny.json"), "--dense", d.File("no.pt"), "--out", outDir);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {d.File("no.pt")}: checkpoint not found", stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
