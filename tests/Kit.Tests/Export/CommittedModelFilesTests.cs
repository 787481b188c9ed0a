using Kit.Export;
using Kit.Study;
using Kit.Tests.Experiments;

namespace Kit.Tests.Export;

/// <summary>
/// Every committed model file under `results/` is what today's writer makes of its own weights, in the format and b its
/// record names: changes to the writer (row levels, for one) leave the published files valid and byte-identical.
/// </summary>
[Collection("torch")]
public class CommittedModelFilesTests
{
    [Fact]
    public void Every_committed_model_file_re_encodes_to_the_same_bytes()
    {
        var results = Path.Combine(SpecTests.RepoRoot(), "results");
        var files = Directory.EnumerateFiles(results, RunModelFile.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 300, $"only {files.Count} model files under results/");
        var differ = new List<string>();
        foreach (var file in files)
        {
            var record = RunModelFile.Read(Path.GetDirectoryName(file)!);
            var (model, info) = ModelFileReader.Load(file);
            using (model)
            {
                var (bytes, _) = ModelFileWriter.Encode(model, info, record.Format, record.Bits);
                if (!bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)))
                    differ.Add(Path.GetRelativePath(results, file));
            }
        }
        Assert.True(differ.Count == 0, $"{differ.Count} of {files.Count} committed model files re-encode differently: {string.Join(", ", differ.Take(10))}");
    }
}
