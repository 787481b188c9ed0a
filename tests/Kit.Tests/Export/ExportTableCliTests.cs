using System.Text.Json.Nodes;
using Kit.Export;
using Kit.IO;
using Kit.Study;
using Kit.Tests.Study;

namespace Kit.Tests.Export;

/// <summary>`kit export table` in-process on a published run built in the test: what it records (checked against the files,
/// `kit cost model`, `kit eval` and the writer), the rendered block, and one clear line per bad input. Times are never asserted.</summary>
[Collection("torch")]
public class ExportTableCliTests
{
    static string Doc => $"top\n{Kit.Docs.GeneratedBlocks.Markers("export table").Begin}\nold\n{Kit.Docs.GeneratedBlocks.Markers("export table").End}\nbottom\n";

    /// <summary>A published 4-bit pruned run (model.kitm + record + result.json) under DIR/results.</summary>
    static string PublishedRun(TempDir dir)
    {
        var o = FakeStudyRuns.Options(dir);
        var nodes = StudyPlan.Of(StudyPlanTests.Tiny()).Nodes;
        FakeStudyRuns.Publish(nodes[3], o, bits: 4);
        return Path.Combine(o.ResultsDir, nodes[3].Folder);
    }

    [Fact]
    public void Records_every_format_of_a_run_as_the_files_cost_model_and_eval_say_and_renders_it()
    {
        using var dir = new TempDir();
        var run = PublishedRun(dir);
        var model = Path.Combine(run, RunModelFile.FileName);
        File.WriteAllText(dir.File("doc.md"), Doc);
        var (code, stdout, stderr) = CliRun.Run("export", "table", "--runs", run, "--repeats", "2", "--limit", "50", "--threads", "1",
            "--out", dir.File("f.json"), "--files", dir.File("files"), "--into", dir.File("doc.md"));
        Assert.True(code == 0, stderr);
        Assert.Contains($"wrote {dir.File("f.json")}", stdout);

        var record = Json.ReadFile<FormatBenchmarkReport>(dir.File("f.json"), strict: true);
        var m = Assert.Single(record.Models);
        Assert.Equal((4, 97.25, 50, 2, 50), (m.RunBits, m.RecordedAccuracy, m.TestImages, record.Repeats, record.Limit));
        Assert.Equal([FormatBenchmarkRow.Pt, .. LayerCodecs.Names], m.Rows.Select(r => r.Format));

        var (ce, evalJson, evalErr) = CliRun.Run("eval", "--model", model, "--limit", "50", "--threads", "1", "--json");
        Assert.True(ce == 0, evalErr);
        double accuracy = (double)JsonNode.Parse(evalJson)!["accuracy"]!;
        var files = Path.Combine(dir.File("files"), Path.GetFileName(run));
        var pt = m.Rows[0];
        Assert.Equal(new FileInfo(Path.Combine(files, "model.pt")).Length, pt.FileBytes);
        Assert.Equal(pt.FileBytes, m.PtBytes);
        Assert.True(pt.Exact);
        Assert.Equal(accuracy, pt.Accuracy);

        var costs = new Dictionary<int, JsonNode>();
        JsonNode Cost(int bits)
        {
            if (costs.TryGetValue(bits, out var known)) return known;
            var (cc, costJson, costErr) = CliRun.Run("cost", "model", "--model", model, "--bits", $"{bits}", "--json");
            Assert.True(cc == 0, costErr);
            return costs[bits] = JsonNode.Parse(costJson)!["storage"]!["total"]!;
        }
        var (source, info) = ModelLoader.Load(model);
        using (source)
            foreach (var row in m.Rows.Skip(1))
            {
                var file = Path.Combine(files, $"model.{row.Format.Replace(':', '-')}.kitm");
                if (row.Problem is { } problem)
                {
                    // Refused exactly when the writer refuses, with its message, and no file left behind.
                    var e = Assert.Throws<KitException>(() => ModelFileWriter.Encode(source, info, row.Format, null));
                    Assert.Equal(e.Message, problem);
                    Assert.False(File.Exists(file));
                    Assert.False(row.Exact);
                    continue;
                }
                Assert.Equal(new FileInfo(file).Length, row.FileBytes);
                Assert.Equal(8 * row.FileBytes - row.CostModelBits, row.OverheadBits);
                Assert.Equal((long)Cost(row.Bits!.Value)[row.Format]!["total_bits"]!, row.CostModelBits);
                Assert.True(row.Exact, row.Format);
                Assert.Equal(accuracy, row.Accuracy);
                Assert.Equal(2, row.LoadMs.Count);
                Assert.Equal(2, row.EvalMs.Count);
            }
        Assert.Contains(m.Rows, r => r.Problem is not null); // 2:4 cannot hold a random 10% mask
        Assert.Contains(m.Rows, r => r.FileBytes is not null && r.Format != FormatBenchmarkRow.Pt);

        string expected = $"top\n{Kit.Docs.GeneratedBlocks.Markers("export table").Begin}\n{FormatBenchmarkTable.ToMarkdown(record, dir.File("f.json"))}{Kit.Docs.GeneratedBlocks.Markers("export table").End}\nbottom\n";
        Assert.Equal(expected, File.ReadAllText(dir.File("doc.md")));

        // Without --runs the recorded JSON is rendered again, unchanged.
        File.WriteAllText(dir.File("doc2.md"), Doc);
        var (c2, _, e2) = CliRun.Run("export", "table", "--out", dir.File("f.json"), "--into", dir.File("doc2.md"));
        Assert.True(c2 == 0, e2);
        Assert.Equal(expected, File.ReadAllText(dir.File("doc2.md")));

        // --formats: only those, in the order asked, after the .pt.
        var (c3, _, e3) = CliRun.Run("export", "table", "--runs", run, "--formats", "relative", "csr", "--repeats", "1", "--limit", "20",
            "--threads", "1", "--out", dir.File("some.json"), "--files", dir.File("some"));
        Assert.True(c3 == 0, e3);
        var some = Assert.Single(Json.ReadFile<FormatBenchmarkReport>(dir.File("some.json")).Models);
        Assert.Equal([FormatBenchmarkRow.Pt, "relative", "csr"], some.Rows.Select(r => r.Format));
    }

    [Fact]
    public void Bad_inputs_give_one_line_naming_the_path_and_write_nothing()
    {
        using var dir = new TempDir();
        var run = PublishedRun(dir);
        var bare = dir.File("bare-run");
        Directory.CreateDirectory(bare);
        foreach (var f in Directory.GetFiles(run).Where(f => Path.GetFileName(f) != RunModelFile.FileName)) File.Copy(f, Path.Combine(bare, Path.GetFileName(f)));
        File.WriteAllText(dir.File("doc.md"), Doc);
        File.WriteAllText(dir.File("plain.md"), "no markers\n");
        var before = CliRun.Snapshot(dir.Path);
        void Fails(string expected, params string[] args)
        {
            var (code, stdout, stderr) = CliRun.Run(["export", "table", .. args, "--threads", "1", "--out", dir.File("f.json"), "--files", dir.File("files")]);
            Assert.Equal(1, code);
            Assert.StartsWith(expected, stderr);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Equal("", stdout);
            Assert.Equal(before, CliRun.Snapshot(dir.Path));
        }
        var missing = dir.File("no-such-run");
        Fails($"error: {missing}: no such run folder", "--runs", run, missing);
        Fails($"error: {Path.Combine(bare, RunModelFile.FileName)}: not found", "--runs", run, bare);
        Fails("error: --formats: no encoder for 'zip' (known: 1:4, 2:4, bitmask", "--runs", run, "--formats", "csr", "zip");
        Fails($"error: {dir.File("plain.md")}: needs one '{Kit.Docs.GeneratedBlocks.Markers("export table").Begin}' line", "--runs", run, "--into", dir.File("doc.md"), dir.File("plain.md"));
        Fails($"error: --into {dir.File("none.md")}: no such file", "--runs", run, "--into", dir.File("none.md"));
        Fails("error: --limit must be >= 1, got 0", "--runs", run, "--limit", "0");
        Fails($"error: {dir.File("f.json")}: not found (measure first", "--into", dir.File("doc.md"));
        Fails("error: --formats and --limit need --runs", "--formats", "csr");
    }
}
