using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Experiments;
using Kit.IO;
using Kit.Models;
using Kit.Pruning;
using Kit.Training;
using Kit.Transfer;
using static TorchSharp.torch;

namespace Kit.Tests.Transfer;

[Collection("torch")]
public class TransferTests
{
    static readonly TrainConfig FineTune = new() { Lr = 0.05, Epochs = 2, BatchSize = 32, WeightDecay = 1e-3, Schedule = new() { Type = ScheduleType.Constant } };

    static KitModel Pruned(DatasetInfo info, long seed)
    {
        var model = ModelRegistry.Create("lenet-300-100", info, seed);
        using var _ = no_grad();
        foreach (var l in model.PrunableLayers)
        {
            using var mask = new IrregularSet(LayerGeometry.Of(l), (int)(l.Weights / 8)).Mask(l.Weight);
            l.Weight.mul_(mask);
        }
        return model;
    }

    [Fact]
    public void Masks_are_unchanged_after_frozen_fine_tuning()
    {
        using var data = TorchFixture.Synthetic(256, 8);
        using var val = TorchFixture.Synthetic(64, 9);
        using var source = Pruned(TorchFixture.Info, 1);
        using var target = ModelRegistry.Create("lenet-300-100", DatasetRegistry.Info("fashion-mnist"), 2);
        TransferHead.Adapt(source, target, replaceHead: true);
        var masks = TransferMasks.From(source, target);
        var before = target.PrunableLayers.ToDictionary(l => l.Name, l => TensorValues.ToArray(l.Weight));
        TransferRunner.FineTuneFrozen(target, masks, data, val, FineTune, 3);
        foreach (var l in target.PrunableLayers)
        {
            var src = TensorValues.ToArray(source.Layer(l.Name).Weight);
            var w = TensorValues.ToArray(l.Weight);
            Assert.All(Enumerable.Range(0, w.Length).Where(i => src[i] == 0), i => Assert.Equal(0f, w[i]));
            Assert.Contains(Enumerable.Range(0, w.Length), i => src[i] != 0 && w[i] != before[l.Name][i]);
        }
        foreach (var m in masks.Values) m.Dispose();
    }

    [Fact]
    public void The_head_is_replaced_when_label_sets_differ_and_only_the_head()
    {
        using var source = Pruned(TorchFixture.Info, 1);
        using var target = ModelRegistry.Create("lenet-300-100", DatasetRegistry.Info("fashion-mnist"), 7);
        var replaced = TransferHead.Adapt(source, target, replaceHead: true);
        Assert.Equal(["fc3.bias", "fc3.weight"], replaced);
        Assert.False(T.Same(source.Layer("fc3").Weight, target.Layer("fc3").Weight));
        Assert.True(T.Same(source.Layer("fc1").Weight, target.Layer("fc1").Weight));
        Assert.True(T.Same(source.Layer("fc2").Weight, target.Layer("fc2").Weight));

        using var same = ModelRegistry.Create("lenet-300-100", TorchFixture.Info, 7);
        Assert.Empty(TransferHead.Adapt(source, same, replaceHead: false));
        Assert.True(T.Same(source.Layer("fc3").Weight, same.Layer("fc3").Weight));
    }

    [Fact]
    public void A_head_with_fewer_classes_is_new_and_keeps_the_source_heads_live_inputs()
    {
        using var source = Pruned(TorchFixture.Info, 1);
        using var target = ModelRegistry.Create("lenet-300-100", DatasetRegistry.Info("fashion-mnist", [5, 6, 7, 8, 9]), 7);
        Assert.Throws<KitException>(() => TransferHead.Adapt(source, target, replaceHead: false));
        TransferHead.Adapt(source, target, replaceHead: true);
        Assert.Equal([5L, 100L], target.Layer("fc3").Weight.shape);
        var masks = TransferMasks.From(source, target);
        var alive = TensorValues.ToArray(source.Layer("fc3").Weight.ne(0).any(0).to(ScalarType.Float32));
        var head = TensorValues.ToArray(masks["fc3"]);
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 100; c++) Assert.Equal(alive[c], head[r * 100 + c]);
        foreach (var m in masks.Values) m.Dispose();
    }

    [Theory]
    [InlineData("mnist", null, "fashion-mnist", null, true)]
    [InlineData("fashion-mnist", new[] { 0, 1, 2, 3, 4 }, "fashion-mnist", new[] { 5, 6, 7, 8, 9 }, true)]
    [InlineData("mnist", null, "mnist", null, false)]
    public void Label_sets_differ_by_dataset_or_class_list(string src, int[]? srcClasses, string dst, int[]? dstClasses, bool differ)
    {
        var spec = new TransferSpec { Source = new() { Data = new() { Dataset = src, Classes = srcClasses } }, Target = new() { Dataset = dst, Classes = dstClasses } };
        Assert.Equal(differ, spec.LabelSetsDiffer);
    }

    [Fact]
    public void Shipped_transfer_specs_are_valid_and_cover_the_three_task_pairs()
    {
        var dir = Path.Combine(RepoRoot(), "specs", "transfer");
        var specs = Directory.GetFiles(dir, "*.json").Select(f => Json.ReadFile<TransferSpec>(f)).ToList();
        foreach (var s in specs) s.Validate();
        var pairs = specs.Select(s => $"{s.Source.Data.Dataset}{Cls(s.Source.Data.Classes)}->{s.Target.Dataset}{Cls(s.Target.Classes)}").ToHashSet();
        Assert.Equal(["fashion-mnist->mnist", "fashion-mnist[0-4]->fashion-mnist[5-9]", "mnist->fashion-mnist"], pairs.Order());
        Assert.All(specs, s => Assert.True(s.LabelSetsDiffer));
        var expected = TransferSpecGrid.All().ToDictionary(s => s.Name + ".json", s => Json.Serialize(s) + "\n");
        Assert.Equal(expected.Keys.Order(), Directory.GetFiles(dir, "*.json").Select(Path.GetFileName).Order());
        foreach (var (name, text) in expected) Assert.Equal(text, File.ReadAllText(Path.Combine(dir, name)));
        static string Cls(int[]? c) => c is null ? "" : $"[{c[0]}-{c[^1]}]";
    }

    [Fact]
    public void Bad_transfer_specs_name_the_field()
    {
        var ok = new TransferSpec { Name = "t", Source = new() { Name = "s", Prune = new() { Steps = [new() { Rate = 4 }] } }, Target = new() { Dataset = "fashion-mnist" } };
        ok.Validate();
        Assert.StartsWith("target.dataset: unknown dataset 'imagenet'", Assert.Throws<KitException>(() => (ok with { Target = new() { Dataset = "imagenet" } }).Validate()).Message);
        Assert.StartsWith("source.prune is missing", Assert.Throws<KitException>(() => (ok with { Source = ok.Source with { Prune = null, Quantize = new() } }).Validate()).Message);
        Assert.StartsWith("modes must list distinct modes", Assert.Throws<KitException>(() => (ok with { Modes = [TransferMode.Dense, TransferMode.Dense] }).Validate()).Message);
        Assert.StartsWith("fine_tune.epochs", Assert.Throws<KitException>(() => (ok with { FineTune = ok.FineTune with { Epochs = -1 } }).Validate()).Message);
    }

    [Fact]
    public void Cli_transfer_with_a_missing_spec_is_one_clear_line()
    {
        var se = new StringWriter();
        var old = Console.Error;
        Console.SetError(se);
        try { Assert.Equal(1, Kit.Cli.Program.BuildRoot().Parse(["transfer", "--spec", "no/such.json"]).Invoke()); }
        finally { Console.SetError(old); }
        Assert.Equal("error: no/such.json: file not found", se.ToString().Trim());
    }

    [Fact]
    public void A_tiny_transfer_run_writes_every_mode_at_the_source_rate()
    {
        using var dir = new TempDir();
        var spec = new TransferSpec
        {
            Name = "tiny", FineTune = FineTune with { Epochs = 1 },
            Source = new()
            {
                Name = "tiny-source", Threads = 1,
                Data = new() { Dataset = "mnist", TrainLimit = 200, ValidationLimit = 100, TestLimit = 100 },
                Dense = new() { Train = new() { Epochs = 1 } },
                Prune = new() { Scheme = PruningSchemes.Get("column"), Steps = [new() { Rate = 5 }], Admm = new() { Periods = 1, PeriodEpochs = 1 }, Retrain = new() { Epochs = 1 } },
            },
            Target = new() { Dataset = "fashion-mnist", TrainLimit = 200, ValidationLimit = 100, TestLimit = 100 },
        };
        var r = TransferRunner.Run(spec, dir.Path, new TransferOptions { Quick = true });
        Assert.Equal([TransferMode.Frozen, TransferMode.Readmm, TransferMode.Dense], r.Modes.Select(m => m.Mode));
        Assert.True(r.LabelSetsDiffer);
        var frozen = r.Modes[0];
        Assert.Equal(r.Source.Rate, frozen.Rate, 6);
        Assert.InRange(r.Modes[1].Rate, 4.5, 5.5);
        Assert.Equal(1.0, r.Modes[2].Rate, 3);
        var json = JsonNode.Parse(File.ReadAllText(dir.File("result.json")))!;
        foreach (var f in new[] { "kit_version", "machine", "spec", "source", "modes", "target_test_images" })
            Assert.NotNull(json[f]);
        Assert.Equal(3, json["modes"]!.AsArray().Count);
        Assert.True(File.Exists(dir.File("frozen.pt")) && File.Exists(dir.File("dense.pt")) && File.Exists(Path.Combine(dir.Path, "readmm", "model.pt")));
    }

    static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Kit.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("Kit.sln not found above the test folder");
    }
}

[Collection("torch")]
public class QuantizedTransferTests
{
    [Fact]
    public void Frozen_transfer_of_a_quantized_source_keeps_its_mask_and_bit_width()
    {
        using var dir = new TempDir();
        var spec = new TransferSpec
        {
            Name = "tiny-q", Modes = [TransferMode.Frozen],
            FineTune = new() { Lr = 0.05, Epochs = 1, BatchSize = 32, Schedule = new() { Type = ScheduleType.Constant } },
            Source = new()
            {
                Name = "tiny-q-source", Threads = 1,
                Data = new() { Dataset = "fashion-mnist", Classes = [0, 1, 2, 3, 4], TrainLimit = 200, ValidationLimit = 100, TestLimit = 100 },
                Dense = new() { Train = new() { Epochs = 1 } },
                Prune = new() { Scheme = PruningSchemes.Get("irregular"), Steps = [new() { Rate = 8 }], Admm = new() { Periods = 1, PeriodEpochs = 1, Train = new() { Epochs = 1 } }, Retrain = new() { Epochs = 1 } },
                Quantize = new() { Bits = 3, Admm = new() { Periods = 1, PeriodEpochs = 1, Train = new() { Epochs = 1 } }, Retrain = new() { Epochs = 1 } },
            },
            Target = new() { Dataset = "fashion-mnist", Classes = [5, 6, 7, 8, 9], TrainLimit = 200, ValidationLimit = 100, TestLimit = 100 },
        };
        var r = TransferRunner.Run(spec, dir.Path, new TransferOptions { Quick = true });
        var frozen = Assert.Single(r.Modes);
        Assert.True(frozen.HeadReplaced);
        Assert.Equal(3, frozen.Bits);
        Assert.NotNull(frozen.AccuracyBeforeRequantize);
        Assert.Equal(r.Source.Rate, frozen.Rate, 6);
        var (model, _) = Checkpoint.Load(dir.File("frozen.pt"));
        using (model)
            foreach (var l in model.PrunableLayers)
                Assert.InRange(TensorValues.ToArray(l.Weight).Where(v => v != 0).Distinct().Count(), 1, 8);
    }
}
