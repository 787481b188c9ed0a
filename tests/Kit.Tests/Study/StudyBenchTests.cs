using System.Text.Json.Nodes;
using Kit.Costs;
using Kit.Data;
using Kit.IO;
using Kit.Models;
using Kit.Study;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Tests.Study;

/// <summary>
/// `kit study bench` end to end on copies of committed study folders, with LeNet-5 models made here whose masks give
/// each run its published nonzero count: a well-formed cpu.json per run on the right kernel and shapes, the verdict's
/// runs picked by --only-verdict, model.kitm preferred, and a missing or wrong model refused by name. No timing asserted.
/// </summary>
[Collection(Kit.Tests.Costs.ConsoleCollection.Name)]
public class StudyBenchTests
{
    const string Dense1 = "study-mnist-dense-seed1", Dense2 = "study-mnist-dense-seed2";
    const string Irr25 = "study-mnist-irregular-admm-25x-seed1", Irr4 = "study-mnist-irregular-admm-4x-seed1", Fc60 = "study-mnist-filter_column-admm-60x-seed1";

    /// <summary>Copies of five committed runs (dense mean 99.245: the verdict names irregular 25x and filter_column 60x, never irregular 4x), and models for all but irregular 4x.</summary>
    sealed class Study : IDisposable
    {
        readonly TempDir dir = new();
        public string Results => dir.File("results");
        public string Artifacts => dir.File("artifacts");

        public Study()
        {
            TorchRuntime.Start(1);
            var source = Path.Combine(Kit.Tests.Experiments.SpecTests.RepoRoot(), "results", "study");
            // The committed model files stay behind: each case decides which model a run has.
            foreach (var run in new[] { Dense1, Dense2, Irr25, Irr4, Fc60 })
            {
                Directory.CreateDirectory(Path.Combine(Results, run));
                foreach (var f in Directory.GetFiles(Path.Combine(source, run)).Where(f => !f.EndsWith("cpu.json") && !Path.GetFileName(f).StartsWith("model.kitm")))
                    File.Copy(f, Path.Combine(Results, run, Path.GetFileName(f)));
            }
            SaveModel(Dense1, null);
            SaveModel(Dense2, null);
            // The 25x run's published per-layer nonzeros (17,220 in all), at random positions.
            int[] nnz = [436, 3081, 12325, 1378];
            (int r, int c)[] shapes = [(20, 25), (50, 500), (500, 800), (10, 500)];
            string[] names = ["conv1", "conv2", "fc1", "fc2"];
            SaveModel(Irr25, names.Select((n, i) => LayerMask.Random(n, shapes[i].r, shapes[i].c, nnz[i], 7 + i)).ToList());
            // The filter_column run gets the hand-counted structured pattern; its result.json is made to record that count.
            var masks = ModelCpuBenchTests.StructuredLeNet5().Select(l => l.Mask).ToList();
            string result = Path.Combine(Results, Fc60, "result.json");
            var node = JsonNode.Parse(File.ReadAllText(result))!;
            node["nonzero"] = masks.Sum(m => m.Nnz);
            AtomicFile.WriteWithChecksum(result, node.ToJsonString(Json.Options));
            SaveModel(Fc60, masks);
        }

        public string Pt(string run) => Path.Combine(Artifacts, run, "model.pt");

        void SaveModel(string run, List<LayerMask>? masks)
        {
            using var model = ModelRegistry.Create("lenet5", DatasetRegistry.Info("mnist"), 1);
            if (masks is not null)
                using (no_grad())
                    foreach (var (l, m) in model.PrunableLayers.Zip(masks))
                    {
                        var keep = new float[m.Weights];
                        foreach (var i in m.Nonzero) keep[i] = 1;
                        l.Weight.mul_(tensor(keep).reshape(l.Weight.shape));
                    }
            Checkpoint.Save(model, Pt(run), new CheckpointInfo { Dataset = "mnist", Seed = 1 });
        }

        public StudyBenchOptions Options(params string[] runs) => new() { ResultsDir = Results, ArtifactsDir = Artifacts, Runs = runs, Repeats = 3, Warmup = 1 };

        public string[] Timed() => Directory.GetDirectories(Results).Where(d => File.Exists(Path.Combine(d, "cpu.json"))).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        public void Dispose() => dir.Dispose();
    }

    [Fact]
    public void Each_run_gets_a_well_formed_cpu_json_timed_on_its_kernel()
    {
        using var s = new Study();
        StudyBench.Run(s.Options(Dense1, Irr25, Fc60));
        Assert.Equal([Dense1, Fc60, Irr25], s.Timed());
        Assert.Empty(Directory.GetFiles(s.Results, "*.tmp", SearchOption.AllDirectories));

        var expected = new Dictionary<string, (CpuKernel kernel, long nonzero, (int, int)[] shapes)>
        {
            [Dense1] = (CpuKernel.DenseFull, 430_500, [(20, 25), (50, 500), (500, 800), (10, 500)]),
            [Irr25] = (CpuKernel.Csr, 17_220, [(20, 25), (50, 500), (500, 800), (10, 500)]),
            [Fc60] = (CpuKernel.DenseShrunk, 225 + 2001 + 4800 + 300, ModelCpuBenchTests.StructuredShapes),
        };
        foreach (var (run, (kernel, nonzero, shapes)) in expected)
        {
            string file = Path.Combine(s.Results, run, "cpu.json");
            var raw = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var field in new[] { "run", "scheme", "kernel", "kernel_note", "model", "model_sha256", "nonzero", "threads", "repeats", "unit", "batches", "load_before", "load_after", "machine", "kit_version", "measured_utc" })
                Assert.True(raw[field] is not null, $"{run}: cpu.json has no {field}");
            var r = Json.ReadFile<CpuReport>(file, strict: true);
            Assert.Equal(run, r.Run);
            Assert.Equal(kernel, r.Kernel);
            Assert.Equal(nonzero, r.Nonzero);
            Assert.Equal((1, 3, 1), (r.Threads, r.Repeats, r.Warmup));
            Assert.Equal(AtomicFile.Sha256(s.Pt(run)), r.ModelSha256);
            Assert.EndsWith($"{run}/model.pt", r.Model);
            Assert.Equal([1, 64], r.Batches.Select(b => b.Batch));
            foreach (var b in r.Batches)
            {
                Assert.True(b.P25Us <= b.MedianUs && b.MedianUs <= b.P75Us && b.MedianUs > 0, $"{run} batch {b.Batch}: quartiles out of order");
                Assert.Equal(["conv1", "conv2", "fc1", "fc2"], b.Layers.Select(l => l.Name));
                Assert.Equal(shapes, b.Layers.Select(l => (l.Rows, l.Columns)));
                Assert.Equal([576L, 64, 1, 1], b.Layers.Select(l => l.Positions));
            }
            if (OperatingSystem.IsLinux()) Assert.False(string.IsNullOrEmpty(r.LoadBefore) || string.IsNullOrEmpty(r.LoadAfter));
        }
        Assert.Equal("dense", Json.ReadFile<CpuReport>(Path.Combine(s.Results, Dense1, "cpu.json"), strict: true).Scheme);
    }

    [Fact]
    public void Rounds_keep_each_rounds_median_and_report_the_median_over_them()
    {
        using var s = new Study();
        var log = new List<string>();
        StudyBench.Run(s.Options(Dense1, Irr25) with { Rounds = 3, Log = log.Add });
        Assert.Equal(3, log.Count(l => l.StartsWith("round ")));
        foreach (var run in new[] { Dense1, Irr25 })
        {
            var r = Json.ReadFile<CpuReport>(Path.Combine(s.Results, run, "cpu.json"), strict: true);
            Assert.Equal(3, r.Rounds);
            foreach (var b in r.Batches)
            {
                Assert.Equal(3, b.RoundsUs.Count);
                var sorted = b.RoundsUs.Order().ToList();
                Assert.Equal(Math.Round(sorted[1], 2), b.MedianUs);
                Assert.Equal((sorted[0], sorted[2]), r.RoundRange(b.Batch)!.Value);
            }
        }
        // One round keeps the file as before: no per-round list, no range.
        StudyBench.Run(s.Options(Irr25));
        var one = Json.ReadFile<CpuReport>(Path.Combine(s.Results, Irr25, "cpu.json"), strict: true);
        Assert.Equal(1, one.Rounds);
        Assert.All(one.Batches, b => Assert.Empty(b.RoundsUs));
        Assert.Null(one.RoundRange(1));
    }

    [Fact]
    public void Combining_rounds_takes_medians_of_the_rounds_quartiles_and_layers()
    {
        static CpuBatchTiming T(double p25, double med, double p75, double conv1) => new()
        {
            Batch = 64, P25Us = p25, MedianUs = med, P75Us = p75,
            Layers = [new CpuLayerTiming { Name = "conv1", Rows = 20, Columns = 25, MedianUs = conv1 }],
        };
        var c = StudyBench.Combine([T(9, 10, 12, 4), T(19, 20, 25, 9), T(14, 15, 16, 5), T(13, 14, 18, 6)]);
        // Medians of four: the mean of the middle two.
        Assert.Equal((13.5, 14.5, 17.0), (c.P25Us, c.MedianUs, c.P75Us));
        Assert.Equal([10.0, 20, 15, 14], c.RoundsUs);
        Assert.Equal(5.5, c.Layers.Single().MedianUs);
        Assert.Equal((64, "conv1", 20, 25), (c.Batch, c.Layers[0].Name, c.Layers[0].Rows, c.Layers[0].Columns));
    }

    [Fact]
    public void Zero_rounds_is_refused()
    {
        using var s = new Study();
        var e = Assert.Throws<KitException>(() => StudyBench.Run(s.Options(Irr25) with { Rounds = 0 }));
        Assert.Contains("--rounds", e.Message);
        var (code, _, err) = CliRun.Run("study", "bench", "--results", s.Results, "--artifacts", s.Artifacts, "--runs", Irr25, "--rounds", "0");
        Assert.Equal(1, code);
        Assert.Contains("--rounds must be in 1..", err);
        Assert.Empty(s.Timed());
    }

    [Fact]
    public void Only_verdict_picks_the_runs_the_verdict_names_and_the_dense_runs()
    {
        using var s = new Study();
        var picked = StudyBench.Select(s.Options() with { OnlyVerdict = true }).Select(t => t.Run);
        Assert.Equal([Dense1, Dense2, Fc60, Irr25], picked);
        Assert.Equal([Dense1, Dense2, Fc60, Irr25, Irr4], StudyBench.Select(s.Options()).Select(t => t.Run));
    }

    [Fact]
    public void A_published_model_kitm_is_timed_before_the_checkpoint()
    {
        using var s = new Study();
        var (model, info) = Checkpoint.Load(s.Pt(Irr25));
        using (model) Kit.Export.ModelFileWriter.Write(model, info, "csr", null, Path.Combine(s.Results, Irr25, "model.kitm"));
        File.Delete(s.Pt(Irr25));
        var (_, report) = StudyBench.Run(s.Options(Irr25)).Single();
        Assert.EndsWith($"{Irr25}/model.kitm", report.Model);
        Assert.Equal(17_220, report.Nonzero);
    }

    [Fact]
    public void A_run_without_a_model_is_one_error_naming_it_and_nothing_is_written()
    {
        using var s = new Study();
        var e = Assert.Throws<KitException>(() => StudyBench.Run(s.Options(Dense1, Irr4)));
        Assert.Contains(Irr4, e.Message);
        Assert.Contains("model.kitm", e.Message);
        Assert.Empty(s.Timed());

        var (code, _, err) = CliRun.Run("study", "bench", "--results", s.Results, "--artifacts", s.Artifacts, "--runs", Irr4, "--repeats", "1");
        Assert.Equal(1, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"run {Irr4}: no model to time", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void A_model_with_other_nonzeros_than_the_run_is_refused()
    {
        using var s = new Study();
        File.Copy(s.Pt(Dense1), s.Pt(Irr25), overwrite: true);
        File.Copy(Checkpoint.SidecarPath(s.Pt(Dense1)), Checkpoint.SidecarPath(s.Pt(Irr25)), overwrite: true);
        var e = Assert.Throws<KitException>(() => StudyBench.Run(s.Options(Irr25)));
        Assert.Contains("430,500 nonzero weights", e.Message);
        Assert.Contains("17,220", e.Message);
        Assert.Empty(s.Timed());
    }
}
