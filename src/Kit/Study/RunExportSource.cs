using Kit.Export;

namespace Kit.Study;

/// <summary>A published study run as a model for `kit export table`: its model.kitm (checked against its record), its bits and recorded accuracy.</summary>
public static class RunExportSource
{
    /// <summary>Errors name the folder or file: a missing folder, a folder that is no published run, a run without its model file.</summary>
    public static FormatBenchmarkSource From(string runDir)
    {
        if (!Directory.Exists(runDir)) throw new KitException($"{runDir}: no such run folder");
        var model = Path.Combine(runDir, RunModelFile.FileName);
        if (!File.Exists(model))
            throw new KitException($"{model}: not found (a published study run keeps its model there; `kit study backfill-models` exports it from a checkpoint)");
        var run = PublishedRun.TryRead(runDir) ?? throw new KitException($"{runDir}: not a published run (neither result.json nor metrics.json)");
        RunModelFile.Read(runDir);
        // Shown as given relative to the working folder (the repository's root when the README is refreshed).
        var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), runDir).Replace('\\', '/');
        return new FormatBenchmarkSource(shown, model, run.Bits, run.Accuracy);
    }
}
