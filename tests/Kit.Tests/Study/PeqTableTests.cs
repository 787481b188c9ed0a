using System.Globalization;
using System.Text.Json.Nodes;
using Kit.Study;

namespace Kit.Tests.Study;

/// <summary>`kit study peq`: the irregular runs' p_eq per format from their cost.json, and the README quoting it.</summary>
[Collection("torch")]
public class PeqTableTests
{
    [Fact]
    public void Rows_are_the_irregular_runs_with_p_eq_recomputed_from_the_format_bits_of_their_cost_file()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes;
        foreach (var n in nodes) FakeStudyRuns.Publish(n, o, bits: n.Compress?.Quantize?.Bits ?? 32);

        var md = PeqTable.ToMarkdown(o.ResultsDir);

        // The dense run is not irregular; the three compressed ones are.
        Assert.DoesNotContain(nodes[0].Folder, md);
        Assert.StartsWith("p_eq of each index format for the 3 published irregular runs", md);
        var ic = CultureInfo.InvariantCulture;
        var q = nodes[3];
        var cost = JsonNode.Parse(File.ReadAllText(Path.Combine(o.ResultsDir, q.Folder, "cost.json")))!["storage"]!;
        var layers = cost["layers"]!.AsArray();
        // p_eq = N*b / format bits, with N the weights of the prunable layers and b the model's bits: an oracle on the raw totals.
        long weights = layers.Sum(l => l!["weights"]!.GetValue<long>());
        string Peq(string f) => string.Create(ic, $"{(double)weights * 4 / cost["total"]![f]!["total_bits"]!.GetValue<long>():F1}x");
        string ks = string.Join("/", layers.Select(l => l!["relative"]!["index_bits"]!.GetValue<int>()));
        Assert.Contains($"| `{q.Folder}` | 97.25 | 10.0x | 4 | {Peq("relative")} | {Peq("relative_huffman")} | {Peq("csr")} | {Peq("csc")} | {Peq("bitmask")} | {ks} |", md);
        Assert.Contains($"| `{nodes[1].Folder}` | 97.25 | 10.0x | float |", md);
    }

    [Fact]
    public void A_run_without_cost_file_is_named_and_an_empty_folder_says_so()
    {
        using var dir = new TempDir();
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes;
        FakeStudyRuns.Publish(nodes[1], o);
        File.Delete(Path.Combine(o.ResultsDir, nodes[1].Folder, "cost.json"));
        Assert.Contains($"| `{nodes[1].Folder}` | 97.25 | 10.0x | float | no cost.json yet (`./kit study recost`) |", PeqTable.ToMarkdown(o.ResultsDir));
        Assert.Equal("No irregular run of the study is in `results/study/` yet.\n", PeqTable.ToMarkdown(dir.File("nothing")));
    }
}
