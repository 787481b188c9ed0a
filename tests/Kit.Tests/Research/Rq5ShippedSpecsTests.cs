using Kit.Experiments;
using Kit.IO;
using Kit.Tests.Experiments;
using Kit.Transfer;

namespace Kit.Tests.Reproduction;

/// <summary>The reduced RQ5 specs run.sh uses: each one reads strictly, validates, and names what it says it is.</summary>
public class Rq5ShippedSpecsTests
{
    static string Dir => Path.Combine(SpecTests.RepoRoot(), "specs", "rq5-reduced");

    [Fact]
    public void Every_robustness_spec_is_valid_and_matches_its_file_name()
    {
        var files = Directory.GetFiles(Dir, "rq5-reduced-*lenet5-*.json");
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var s = Json.ReadFile<CompressionSpec>(f, strict: true);
            s.Validate();
            var name = Path.GetFileNameWithoutExtension(f);
            Assert.Equal(name, s.Name);
            Assert.EndsWith($"-seed{s.Seed}", name);
            Assert.Contains($"-{s.Data.Dataset}-", name);
            Assert.Contains($"-{s.Prune!.Scheme.ToString().ToLowerInvariant().Replace("filtercolumn", "filter_column")}-", name);
        }
    }

    [Fact]
    public void Run_sh_finds_a_spec_for_every_dataset_seed_and_structure()
    {
        foreach (var ds in new[] { "mnist", "fashion-mnist" })
            foreach (var seed in new[] { 1, 2, 3 })
                foreach (var s in new[] { "irregular", "column", "filter_column" })
                    Assert.True(File.Exists(Path.Combine(Dir, $"rq5-reduced-lenet5-{ds}-{s}-10x-seed{seed}.json")), $"{ds} {s} seed {seed}");
        foreach (var pair in new[] { "mnist-to-fashion-mnist", "fashion-mnist-to-mnist", "fashion-mnist-0-4-to-5-9" })
            foreach (var suffix in new[] { "", "-seed2", "-seed3" })
                foreach (var s in new[] { "irregular", "column", "filter_column" })
                    Assert.True(File.Exists(Path.Combine(Dir, $"rq5-reduced-transfer-{pair}-{s}-10x{suffix}.json")), $"{pair} {s}{suffix}");
    }

    [Fact]
    public void Every_transfer_spec_is_valid_and_its_seed_and_tasks_match_the_name()
    {
        var files = Directory.GetFiles(Dir, "rq5-reduced-transfer-*.json");
        Assert.Equal(27, files.Length);
        foreach (var f in files)
        {
            var s = Json.ReadFile<TransferSpec>(f, strict: true);
            s.Validate();
            var name = Path.GetFileNameWithoutExtension(f);
            Assert.Equal(name, s.Name);
            Assert.Equal(name + "-source", s.Source.Name);
            int seed = name.EndsWith("-seed2") ? 2 : name.EndsWith("-seed3") ? 3 : 1;
            Assert.Equal(seed, s.Source.Seed);
            Assert.True(s.LabelSetsDiffer);
            if (name.Contains("0-4-to-5-9"))
            {
                Assert.Equal([0, 1, 2, 3, 4], s.Source.Data.Classes!);
                Assert.Equal([5, 6, 7, 8, 9], s.Target.Classes!);
            }
            else Assert.Contains($"-{s.Source.Data.Dataset}-to-{s.Target.Dataset}-", name);
        }
    }
}
