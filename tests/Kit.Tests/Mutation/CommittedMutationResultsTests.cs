using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kit.Mutation;

namespace Kit.Tests.Mutation;

/// <summary>results/mutation/*.json: they parse, their scores follow from their counts, and they name no place on one machine.</summary>
public class CommittedMutationResultsTests
{
    static string Dir => Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results", "mutation");

    [Fact]
    public void Every_core_folder_has_a_run_that_parses()
    {
        var runs = MutationResults.ReadAll(Dir);
        Assert.Equal(["Admm", "Costs", "Pruning", "Quantization"], runs.Select(r => r.Run.Folder));
        foreach (var (file, run) in runs)
        {
            Assert.Equal(Path.GetFileNameWithoutExtension(file), run.Folder);
            Assert.Equal($"src/Kit/{run.Folder}", run.SourceFolder);
            Assert.True(run.Tested > 0 && run.Score is > 0 and <= 1, file);
        }
    }

    [Fact]
    public void No_absolute_path_is_committed()
    {
        var root = Kit.Tests.Experiments.SpecTests.RepoRoot();
        // A rooted path, a home or temp folder, or a Windows drive anywhere in a string value.
        var machinePath = new Regex(@"^/|/(work|home|root|tmp|Users)/|^[A-Za-z]:[\\/]");
        foreach (var file in Directory.GetFiles(Dir, "*.json"))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(root, text);
            var strings = Strings(JsonNode.Parse(text)!).ToList();
            Assert.NotEmpty(strings);
            Assert.All(strings, s => Assert.False(machinePath.IsMatch(s), $"{file}: '{s}'"));
        }
    }

    [Fact]
    public void A_hand_edited_summary_is_refused_naming_the_file()
    {
        using var dir = new TempDir();
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "Admm.json")))!;
        string Error(Action<JsonNode> edit)
        {
            var copy = committed.DeepClone();
            edit(copy);
            var f = dir.File("Admm.json");
            File.WriteAllText(f, copy.ToJsonString());
            return Assert.Throws<KitException>(() => MutationResults.Read(f)).Message;
        }
        var file = dir.File("Admm.json");
        Assert.StartsWith($"{file}: score 0.99 does not follow from the counts", Error(n => n["score"] = 0.99));
        Assert.StartsWith($"{file}: tested is 1, but killed + timeout + survived + no_coverage = 161", Error(n => n["tested"] = 1));
        Assert.Equal($"{file}: files: '/abs/src/Kit/Admm/X.cs' is not a repository-relative path",
            Error(n => n["files"]![0]!["path"] = "/abs/src/Kit/Admm/X.cs"));
        Assert.Equal($"{file}: survivors: '../Admm/X.cs' is not a repository-relative path", Error(n => n["survivors"]![0]!["path"] = "../Admm/X.cs"));
        Assert.StartsWith($"{file}: survivors list", Error(n => n["survivors"]!.AsArray().RemoveAt(0)));
        Assert.StartsWith($"{file}: invalid JSON at field 'surprise'", Error(n => n["surprise"] = 1));
    }

    static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Value is null ? [] : Strings(kv.Value)),
        JsonArray a => a.SelectMany(x => x is null ? [] : Strings(x)),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
