using Kit.Experiments;
using Kit.IO;

namespace Kit.Tests.Experiments;

public class SpecTests
{
    static CompressionSpec Valid() => SpecGrid.LeNet5().First(s => s.Name == "lenet5-mnist-irregular-348x-3bit");

    static string Error(CompressionSpec spec) => Assert.Throws<KitException>(spec.Validate).Message;

    [Fact]
    public void The_grid_specs_validate() => Assert.All(SpecGrid.LeNet5(), s => s.Validate());

    [Fact]
    public void Errors_name_the_bad_field()
    {
        var v = Valid();
        Assert.StartsWith("model:", Error(v with { Model = "lenet7" }));
        Assert.StartsWith("data.dataset:", Error(v with { Data = v.Data with { Dataset = "svhn" } }));
        Assert.StartsWith("dense.train.lr", Error(v with { Dense = new DenseSpec { Train = v.Dense.Train with { Lr = -1 } } }));
        var p = v.Prune!;
        Assert.StartsWith("prune.steps[1].rate 10 is below", Error(v with { Prune = p with { Steps = [new() { Rate = 50 }, new() { Rate = 10 }] } }));
        Assert.StartsWith("prune.steps[0]: give a rate", Error(v with { Prune = p with { Steps = [new()] } }));
        Assert.StartsWith("prune.steps[0].layers.conv1.weights must be a fraction",
            Error(v with { Prune = p with { Steps = [new() { Layers = new() { ["conv1"] = new() { Weights = 1.5 } } }] } }));
        Assert.StartsWith("prune.steps[0].layers.conv1.weights is required",
            Error(v with { Prune = p with { Steps = [new() { Layers = new() { ["conv1"] = new() { Rows = 0.5 } } }] } }));
        Assert.StartsWith("prune.admm.rho_growth", Error(v with { Prune = p with { Admm = p.Admm with { RhoGrowth = 0.5 } } }));
        Assert.StartsWith("prune.admm.train.epochs must equal", Error(v with { Prune = p with { Admm = p.Admm with { PeriodEpochs = 3 } } }));
        Assert.StartsWith("prune.steps[0].retrain.momentum",
            Error(v with { Prune = p with { Steps = [new() { Rate = 10, Retrain = p.Retrain with { Momentum = 1 } }] } }));
        Assert.StartsWith("quantize.bits", Error(v with { Quantize = v.Quantize! with { Bits = 9 } }));
        Assert.StartsWith("quantize.layer_bits.fc1.bits", Error(v with { Quantize = v.Quantize! with { LayerBits = new() { ["fc1"] = 0 } } }));
        Assert.StartsWith("quantize.freeze_fraction", Error(v with { Quantize = v.Quantize! with { FreezeFraction = 2 } }));
        Assert.StartsWith("prune and quantize are both missing", Error(v with { Prune = null, Quantize = null }));
    }

    [Fact]
    public void Unknown_fields_are_rejected_by_name()
    {
        var json = Json.Serialize(Valid()).Replace("\"rho_growth\"", "\"rho_grow\"");
        var e = Assert.Throws<KitException>(() => Json.Parse<CompressionSpec>(json, "spec.json"));
        Assert.Contains("rho_grow", e.Message);
        Assert.Contains("spec.json", e.Message);
        var bad = Json.Serialize(Valid()).Replace("\"scheme\": \"irregular\"", "\"scheme\": \"diagonal\"");
        Assert.Contains("prune.scheme", Assert.Throws<KitException>(() => Json.Parse<CompressionSpec>(bad, "spec.json")).Message);
    }

    [Fact]
    public void Specs_round_trip_through_json()
    {
        foreach (var s in SpecGrid.LeNet5())
            Assert.Equal(Json.Serialize(s), Json.Serialize(Json.Parse<CompressionSpec>(Json.Serialize(s), s.Name)));
    }

    [Fact]
    public void Committed_specs_are_the_generator_output()
    {
        var folder = Path.Combine(RepoRoot(), "specs");
        var expected = SpecGrid.LeNet5().ToDictionary(s => s.Name + ".json", s => Json.Serialize(s) + "\n");
        var files = Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileName(f)!, File.ReadAllText);
        Assert.Equal(expected.Keys.Order(), files.Keys.Order());
        foreach (var (name, text) in expected)
        {
            Assert.Equal(text, files[name]);
            Json.Parse<CompressionSpec>(files[name], name).Validate();
        }
    }

    [Fact]
    public void Trial_specs_read_strictly_and_validate()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "specs", "trials"), "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var f in files.Where(f => !IsStudyTrial(f)))
        {
            var s = Json.ReadFile<CompressionSpec>(f, strict: true);
            s.Validate();
            Assert.Equal(Path.GetFileNameWithoutExtension(f), s.Name);
        }
    }

    static bool IsStudyTrial(string f) => Path.GetFileName(Path.GetDirectoryName(f)) == "study";

    /// <summary>specs/trials/study/: the study's chains with one change, run by `kit study run` and read by `kit study compare`.</summary>
    [Fact]
    public void Study_trial_specs_read_strictly_and_plan()
    {
        foreach (var f in Directory.GetFiles(Path.Combine(RepoRoot(), "specs", "trials", "study"), "*.json"))
        {
            var s = Json.ReadFile<Kit.Study.StudySpec>(f, strict: true);
            Assert.NotEmpty(Kit.Study.StudyPlan.Of(s).Nodes);
            Assert.Equal(Path.GetFileNameWithoutExtension(f), s.Name);
            Assert.NotEqual("study", s.Name); // its runs must not share folder names with the study's
        }
    }

    [Fact]
    public void Grid_covers_the_issue()
    {
        var names = SpecGrid.LeNet5().Select(s => s.Name).ToHashSet();
        foreach (var ds in new[] { "mnist", "fashion-mnist" })
        {
            foreach (var p in new[] { "irregular-50x", "irregular-100x", "irregular-348x", "filter_column-10x", "filter_column-20x" })
                foreach (var b in new[] { "8bit", "4bit", "3bit", "1bit" })
                    Assert.Contains($"lenet5-{ds}-{p}-{b}", names);
            Assert.Contains($"lenet5-{ds}-binary-full", names);
            Assert.Contains($"lenet5-{ds}-irregular-100x-magnitude", names);
        }
        var admm = SpecGrid.LeNet5().First(s => s.Name == "lenet5-mnist-irregular-100x-float").Prune!;
        var mag = SpecGrid.LeNet5().First(s => s.Name == "lenet5-mnist-irregular-100x-magnitude").Prune!;
        Assert.Equal(admm.Admm.Epochs + admm.Retrain.Epochs, mag.Retrain.Epochs);
    }

    [Fact]
    public void Quick_mode_shrinks_data_and_epochs()
    {
        var q = Valid().AsQuick();
        Assert.Equal(2000, q.Data.TrainLimit);
        Assert.True(q.Dense.Train.Epochs <= 2);
        Assert.Equal(1, q.Prune!.Admm.PeriodEpochs);
        q.Validate();
    }

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Kit.sln"))) return d.FullName;
        throw new InvalidOperationException("repo root not found");
    }
}
