using System.Text.Json.Nodes;
using Kit.Data;
using Kit.Export;
using Kit.Models;
using Kit.Training;

namespace Kit.Research.ChangeOneThing;

/// <summary>
/// A published study run as a "change one thing" cell uses it: its folder results/study/RUN, its model.kitm (the committed
/// model itself) and its cost.json. Nothing trains; torch runs on one thread so every number repeats bit for bit.
/// </summary>
public sealed class CommittedModel
{
    public string Run { get; }
    public string Folder { get; }
    /// <summary>The folder as the repository names it (results/study/RUN), for provenance lines.</summary>
    public string Shown => $"results/{Kit.Results.ResultsSummary.StudyFolder}/{Run}";

    CommittedModel(string run, string folder) => (Run, Folder) = (run, folder);

    public static CommittedModel Open(string repoRoot, string run)
    {
        var folder = Path.Combine(repoRoot, "results", Kit.Results.ResultsSummary.StudyFolder, run);
        if (!Directory.Exists(folder)) throw new KitException($"results/study/{run}: no such published run (`./kit study models` lists them)");
        if (!File.Exists(Path.Combine(folder, Kit.Study.RunModelFile.FileName))) throw new KitException($"results/study/{run}: no {Kit.Study.RunModelFile.FileName}");
        return new CommittedModel(run, folder);
    }

    public string ModelPath => Path.Combine(Folder, Kit.Study.RunModelFile.FileName);

    /// <summary>The model with what its file header says (dataset, classes); the caller disposes it.</summary>
    public (KitModel Model, CheckpointInfo Info) Load()
    {
        TorchRuntime.Start(1);
        return ModelLoader.Load(ModelPath);
    }

    /// <summary>The run's cost.json, as `kit study run` published it.</summary>
    public JsonNode Cost()
    {
        var file = Path.Combine(Folder, Kit.Research.Claims.CommittedCost.FileName);
        if (!File.Exists(file)) throw new KitException($"{Shown}/cost.json: missing (a dense run has none)");
        try { return JsonNode.Parse(File.ReadAllText(file)) ?? throw new KitException($"{Shown}/cost.json: empty"); }
        catch (System.Text.Json.JsonException e) { throw new KitException($"{Shown}/cost.json: not valid JSON ({e.Message})"); }
    }

    /// <summary>The run's bits as its result.json records them (32 = float).</summary>
    public int Bits() => ReadResult()["bits"]?.GetValue<int>() ?? throw new KitException($"{Shown}/result.json: no bits");

    /// <summary>Test accuracy over the full test set as its result.json records it.</summary>
    public double RecordedAccuracy() => ReadResult()["accuracy"]?.GetValue<double>() ?? throw new KitException($"{Shown}/result.json: no accuracy");

    JsonNode ReadResult()
    {
        var file = Path.Combine(Folder, "result.json");
        if (!File.Exists(file)) throw new KitException($"{Shown}/result.json: missing");
        return JsonNode.Parse(File.ReadAllText(file))!;
    }

    /// <summary>The first <paramref name="images"/> test images of a dataset (the caller disposes the splits).</summary>
    public static DataSplits TestImages(string dataset, int[]? classes, int images)
    {
        if (images < 1) throw new KitException($"images must be >= 1, got {images}");
        // Validation size 1: only the test split is used, and the validation size does not change it.
        return DatasetRegistry.Load(new DataOptions { Dataset = dataset, Classes = classes, ValidationSize = 1, TestLimit = images });
    }

    /// <summary>Accuracy (%) on the first images of a dataset's test split.</summary>
    public static double Accuracy(KitModel model, string dataset, int[]? classes, int images)
    {
        using var splits = TestImages(dataset, classes, images);
        return Evaluator.Evaluate(model, splits.Test).Accuracy;
    }
}
