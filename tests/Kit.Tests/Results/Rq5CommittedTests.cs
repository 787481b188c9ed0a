using System.Text.Json.Nodes;
using Kit.Experiments;
using Kit.IO;
using Kit.Research;
using Kit.Tests.Experiments;

namespace Kit.Tests.Results;

/// <summary>The committed RQ5 runs (results/rq5, `kit rq5 publish`) that the README and docs/rq5.md quote: intact, full runs of their specs, no checkpoints.</summary>
public class Rq5CommittedTests
{
    static string Dir => Path.Combine(SpecTests.RepoRoot(), "results", "rq5");

    [Fact]
    public void Every_result_is_intact_full_and_made_by_its_spec()
    {
        var files = Directory.EnumerateFiles(Dir, "result.json", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            AtomicFile.VerifyChecksum(file);
            var result = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.False(result["quick"]!.GetValue<bool>(), $"{file}: a quick-mode (smoke) result");
            var specFile = Path.Combine(Path.GetDirectoryName(file)!, "spec.json");
            Assert.True(File.Exists(specFile), $"{file}: no spec.json beside it");
            if (result["spec_sha256"] is { } sha) // a compression run (transfer results carry their spec without a hash)
                Assert.Equal(SpecIdentity.Hash(Json.ReadFile<CompressionSpec>(specFile, strict: true)), sha.GetValue<string>());
        }
    }

    [Fact]
    public void Models_are_compressed_files_that_match_their_records_and_no_checkpoint_is_committed()
    {
        Assert.Empty(Directory.EnumerateFiles(Dir, "*.pt", SearchOption.AllDirectories));
        var models = Directory.EnumerateFiles(Dir, "*.kitm", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(models);
        foreach (var m in models)
        {
            var record = Json.ReadFile<Kit.Study.RunModelRecord>(m + ".json", strict: false);
            Assert.Equal(Path.GetFileName(m), record.File);
            Assert.Equal(AtomicFile.Sha256(m), record.Sha256);
            Assert.Equal(new FileInfo(m).Length, record.FileBytes);
        }
    }

    [Fact]
    public void The_tables_have_three_seeds_of_every_structure()
    {
        var (robust, transfer) = Rq5Summary.LoadDirectory(Dir);
        foreach (var setting in new[] { "standard", "fashion-mnist standard" })
            foreach (var model in Rq5Summary.Models)
                Assert.Equal(3, robust.Where(r => r.Setting == setting && r.Model == model && r.Column == "clean").Select(r => r.Seed).Distinct().Count());
        foreach (var pair in transfer.Select(t => t.Pair).Distinct())
            foreach (var s in Rq5Summary.Structures)
                Assert.Equal(3, transfer.Where(t => t.Pair == pair && t.Structure == s).Select(t => t.Seed).Distinct().Count());
    }
}
