using Kit.Admm;
using Kit.IO;
using Kit.Pruning;
using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Experiments;

/// <summary>What a stage cache entry says of itself in entry.json (the state is in its files).</summary>
public sealed record StageEntry(string Stage, int Epochs);

/// <summary>
/// Everything a <see cref="PipelineRun"/> carries past a stage boundary, besides the weights and masks (files next to it):
/// with it a run continues exactly as the run that computed the stage did (same seeds, generators and stage records).
/// </summary>
internal sealed record StageState
{
    public string Stage { get; init; } = "";
    public int PhaseIndex { get; init; }
    /// <summary>torch's global generator after the stage (base64).</summary>
    public string TorchRng { get; init; } = "";
    /// <summary>The adversarial hook's generator (base64), when the spec trains adversarially.</summary>
    public string? AdversarialState { get; init; }
    public List<double> DenseSeconds { get; init; } = [];
    public List<double> RetrainSeconds { get; init; } = [];
    public List<double> AdmmSeconds { get; init; } = [];
    public List<AdmmLogEntry> AdmmLog { get; init; } = [];
    public List<StageResult> Stages { get; init; } = [];
    public double AccuracyAfterMapping { get; init; }
    public Dictionary<string, PruningSetSpec> Sets { get; init; } = [];
    /// <summary>Layers whose masks masks.bin holds, in order (float32, each the layer's weight count).</summary>
    public List<string> MaskLayers { get; init; } = [];
    public string WeightsSha256 { get; init; } = "";
    public string? MasksSha256 { get; init; }
}

/// <summary>
/// Saves a pipeline's state at a stage boundary into a stage cache entry folder (weights.pt, masks.bin, state.json with
/// a SHA-256 sidecar listing the others' SHA-256) and restores it into another run; <see cref="Problem"/> checks an entry.
/// </summary>
internal static class StageSnapshot
{
    public const string StateFile = "state.json", WeightsFile = "weights.pt", MasksFile = "masks.bin";

    public static StageEntry Save(PipelineRun run, StageId id, string dir)
    {
        var weights = Path.Combine(dir, WeightsFile);
        run.Model.save(weights);
        var layers = run.Model.PrunableLayers.Where(l => run.PruneMasks.ContainsKey(l.Name)).Select(l => l.Name).ToList();
        string? masksSha = null;
        if (layers.Count > 0)
        {
            var masks = Path.Combine(dir, MasksFile);
            AtomicFile.Write(masks, s =>
            {
                foreach (var name in layers)
                    s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(TensorValues.ToArray(run.PruneMasks[name]).AsSpan()));
            });
            masksSha = AtomicFile.Sha256(masks);
        }
        using var rng = torch.random.get_rng_state();
        var state = new StageState
        {
            Stage = id.Name, PhaseIndex = run.PhaseIndex, TorchRng = Convert.ToBase64String(rng.data<byte>().ToArray()),
            AdversarialState = run.AdversarialState is { } a ? Convert.ToBase64String(a) : null,
            DenseSeconds = [.. run.DenseSeconds], RetrainSeconds = [.. run.RetrainSeconds], AdmmSeconds = [.. run.AdmmSeconds],
            AdmmLog = [.. run.AdmmLog], Stages = [.. run.Stages], AccuracyAfterMapping = run.AccuracyAfterMapping,
            Sets = new(run.Sets), MaskLayers = layers, WeightsSha256 = AtomicFile.Sha256(weights), MasksSha256 = masksSha,
        };
        AtomicFile.WriteWithChecksum(Path.Combine(dir, StateFile), Json.Serialize(state));
        return new StageEntry(id.Name, id.Epochs);
    }

    /// <summary>Null when the entry's files are complete and match their SHA-256, else what is wrong, naming the file.</summary>
    public static string? Problem(string dir)
    {
        try
        {
            var statePath = Path.Combine(dir, StateFile);
            if (!File.Exists(statePath)) return $"{statePath}: missing";
            if (!AtomicFile.VerifyChecksum(statePath)) return $"{statePath}.sha256: missing";
            var state = Json.ReadFile<StageState>(statePath, strict: false);
            return Mismatch(Path.Combine(dir, WeightsFile), state.WeightsSha256)
                ?? (state.MasksSha256 is { } m ? Mismatch(Path.Combine(dir, MasksFile), m) : null);
        }
        catch (KitException e) { return e.Message; }
    }

    static string? Mismatch(string path, string expected)
    {
        if (!File.Exists(path)) return $"{path}: missing";
        var actual = AtomicFile.Sha256(path);
        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) ? null
            : $"{path}: corrupt or truncated (SHA-256 {actual[..12]}... does not match {StateFile}'s {expected[..Math.Min(12, expected.Length)]}...)";
    }

    /// <summary>Puts the run in the state the stage's own run was in when it saved it (<see cref="Problem"/> must have passed).</summary>
    public static void Restore(PipelineRun run, string dir)
    {
        var state = Json.ReadFile<StageState>(Path.Combine(dir, StateFile), strict: false);
        var weights = Path.Combine(dir, WeightsFile);
        try { run.Model.load(weights, strict: true); }
        catch (Exception e) when (e is not KitException)
        {
            throw new KitException($"{weights}: cannot load stage weights into {run.Model.Architecture} ({e.Message.Split('\n')[0]})");
        }
        foreach (var m in run.PruneMasks.Values) m.Dispose();
        run.PruneMasks.Clear();
        if (state.MaskLayers.Count > 0)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, MasksFile));
            int offset = 0;
            foreach (var name in state.MaskLayers)
            {
                var layer = run.Model.PrunableLayers.FirstOrDefault(l => l.Name == name)
                    ?? throw new KitException($"{Path.Combine(dir, StateFile)}: mask of layer {name}, which {run.Model.Architecture} does not have");
                var values = new float[layer.Weights];
                Buffer.BlockCopy(bytes, offset, values, 0, values.Length * sizeof(float));
                offset += values.Length * sizeof(float);
                var mask = tensor(values, layer.Weight.shape, device: layer.Weight.device);
                run.PruneMasks[name] = mask;
                run.Hook.Prune(layer, mask);
            }
        }
        run.Sets.Clear();
        foreach (var (k, v) in state.Sets) run.Sets[k] = v;
        Replace(run.Stages, state.Stages);
        Replace(run.DenseSeconds, state.DenseSeconds);
        Replace(run.RetrainSeconds, state.RetrainSeconds);
        Replace(run.AdmmSeconds, state.AdmmSeconds);
        Replace(run.AdmmLog, state.AdmmLog);
        run.AccuracyAfterMapping = state.AccuracyAfterMapping;
        run.PhaseIndex = state.PhaseIndex;
        run.AdversarialState = state.AdversarialState is { } a ? Convert.FromBase64String(a) : null;
        using var rng = tensor(Convert.FromBase64String(state.TorchRng), ScalarType.Byte);
        torch.random.set_rng_state(rng);
    }

    static void Replace<T>(List<T> target, List<T> values) { target.Clear(); target.AddRange(values); }
}
