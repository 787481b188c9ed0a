using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Tests.Experiments;

namespace Kit.Tests.Results;

/// <summary>The measured runs committed under results/ are what the README and docs quote: each must be intact and full scale.</summary>
public class CommittedResultsTests
{
    static string ResultsDir => Path.Combine(SpecTests.RepoRoot(), "results");

    public static TheoryData<string> ResultFiles()
    {
        var data = new TheoryData<string>();
        // results/rq5 keeps run.sh's layout (folders named by structure, transfer results): Rq5CommittedTests checks it.
        foreach (var f in Directory.EnumerateFiles(ResultsDir, "result.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (!Path.GetRelativePath(ResultsDir, f).StartsWith("rq5" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                data.Add(Path.GetRelativePath(ResultsDir, f));
        if (data.Count == 0) data.Add("");
        return data;
    }

    [Theory]
    [MemberData(nameof(ResultFiles))]
    public void Each_result_is_intact_full_scale_and_made_by_its_spec(string relative)
    {
        Assert.False(string.IsNullOrEmpty(relative), "no result.json under results/");
        var file = Path.Combine(ResultsDir, relative);
        AtomicFile.VerifyChecksum(file);
        var result = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.False(result["quick"]!.GetValue<bool>(), $"{relative}: a quick-mode (smoke) result");
        var specFile = Path.Combine(Path.GetDirectoryName(file)!, "spec.json");
        Assert.True(File.Exists(specFile), $"{relative}: no spec.json beside it");
        var spec = Json.ReadFile<CompressionSpec>(specFile, strict: true);
        Assert.Equal(SpecIdentity.Hash(spec), result["spec_sha256"]!.GetValue<string>());
        Assert.Equal(SpecIdentity.Hash(spec), SpecIdentity.Hash(result["spec"]!));
        var folder = Path.GetFileName(Path.GetDirectoryName(file)!);
        Assert.Equal($"{spec.Name}-seed{spec.Seed}", folder);
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(file)!, "*.pt"));
    }

    [Fact]
    public void Dense_records_are_intact_and_full_scale()
    {
        var files = Directory.EnumerateFiles(ResultsDir, "metrics.json", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            AtomicFile.VerifyChecksum(f);
            var m = JsonNode.Parse(File.ReadAllText(f))!;
            Assert.True(m["train_images"]!.GetValue<int>() >= 50_000, $"{f}: not a full-scale training run");
            Assert.Equal(10_000, m["test_images"]!.GetValue<int>());
        }
    }
}
