using Kit.Experiments;
using Kit.Training;
using Kit.IO;

namespace Kit.Research;

/// <summary>
/// Where experiments come from and go: the mode, the experiment cache (shared by `kit reproduce` and the
/// notebooks, so either reuses what the other computed), the data folder and a log. Every compression run goes
/// through <see cref="Compress"/>, keyed by the exact spec that runs, so changing a field reruns only that spec.
/// </summary>
public sealed class ReproContext
{
    public ReproMode Mode { get; }
    public ExperimentCache Cache { get; }
    /// <summary>Data folder (null: the repo's data/ or $KIT_DATA). Not part of the cache key: the data are pinned by SHA256SUMS.</summary>
    public string? DataDir { get; init; }
    /// <summary>Torch threads for the runs (part of the key: results are bit-identical only for a fixed count).</summary>
    public int Threads { get; init; } = 2;
    public Action<string> Log { get; init; } = _ => { };
    /// <summary>Training progress of computed runs (a worker of `kit reproduce --jobs` forwards it to its parent's display).</summary>
    public IProgress<TrainProgress>? Progress { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }
    /// <summary>How many runs were computed (not served from the cache) through this context.</summary>
    public int Computed => computed;
    int computed;

    public ReproContext(ReproMode mode, string cacheDir)
    {
        Mode = mode;
        Cache = new ExperimentCache(cacheDir);
    }

    /// <summary>Shared stages of the runs (dense models, pruned models; <see cref="StageCache"/>), next to the cache's entries.</summary>
    public string StagesDir => Path.Combine(Cache.Root, "stages");

    /// <summary>The context a notebook uses: mode from KIT_MODE (unset: results), cache under the repo's artifacts/cache (notebooks run in notebooks/).</summary>
    public static ReproContext ForNotebook(string repoRoot = "..") =>
        new(ReproModes.FromEnvironment(), Path.Combine(repoRoot, "artifacts", "cache")) { Threads = 2, Log = Console.WriteLine };

    /// <summary>The spec as this mode runs it.</summary>
    public CompressionSpec Reduce(CompressionSpec spec)
    {
        spec = spec with { Threads = Threads };
        return Mode switch
        {
            // Results mode shows the specs as the committed runs ran them: full scale.
            ReproMode.Full or ReproMode.Results => spec,
            ReproMode.Quick => spec.AsQuick(),
            _ => Tiny(spec.AsQuick()),
        };
    }

    /// <summary>Quick specs on 300 images with one ADMM period per phase: the Z-step projections dominate a run this small.</summary>
    static CompressionSpec Tiny(CompressionSpec q)
    {
        static Admm.AdmmConfig One(Admm.AdmmConfig a) => a with { Periods = Math.Min(a.Periods, 1) };
        return q with
        {
            Data = q.Data with { TrainLimit = 300, ValidationLimit = 100, TestLimit = 300 },
            Dense = q.Dense with { Train = q.Dense.Train with { Epochs = 1 } },
            Prune = q.Prune is null ? null : q.Prune with
            {
                Admm = One(q.Prune.Admm),
                Steps = q.Prune.Steps.Select(s => s with { Admm = s.Admm is null ? null : One(s.Admm) }).ToList(),
            },
            Quantize = q.Quantize is null ? null : q.Quantize with { Admm = One(q.Quantize.Admm) },
        };
    }

    /// <summary>Runs (or reuses) one compression spec in this mode.</summary>
    public CompressedRun Compress(string label, CompressionSpec spec)
    {
        if (Mode == ReproMode.Results)
            throw new KitException($"results mode reads the committed results and trains nothing, so it cannot run {spec.Name}: set {ReproModes.EnvironmentVariable}=quick (smoke scale) or full");
        var run = Reduce(spec);
        run.Validate();
        var key = new { kind = "compress", spec = run };
        var entry = Cache.GetOrComputeEntry(key, dir =>
        {
            Interlocked.Increment(ref computed);
            Log($"running {run.Name} ({Mode.Name()} mode) ...");
            // AsQuick is idempotent, so the flag only marks result.json as a smoke run; the reduction is already in `run`.
            return CompressionPipeline.Run(run with { Data = run.Data with { DataDir = DataDir } }, dir, new CompressionOptions
            {
                Quick = Mode != ReproMode.Full, StageCache = StagesDir, Resume = ResumeMode.IfPresent, Progress = Progress, OnEpoch = OnEpoch,
            });
        }, resumable: true);
        if (entry.Hit) Log($"cached  {run.Name}");
        return new CompressedRun(label, run, entry.Dir, entry.Value, entry.Hit);
    }

    /// <summary>A shipped spec by name (the grid in code is what specs/*.json hold; a test keeps them in sync).</summary>
    public static CompressionSpec Shipped(string name) =>
        SpecGrid.LeNet5().FirstOrDefault(s => s.Name == name) ?? throw new KitException($"no shipped spec named {name}");

    /// <summary>Spec JSON as the notebooks show it.</summary>
    public static string SpecJson(CompressionSpec spec) => Json.Serialize(spec);
}
