using System.Text.Json.Nodes;

namespace Kit.Training;

/// <summary>How a run treats an existing checkpoint folder in its output folder.</summary>
public enum ResumeMode
{
    /// <summary>Start over; refuse if the folder holds an unfinished run (it would be lost).</summary>
    Fresh,
    /// <summary>Continue the unfinished run; refuse if there is none or it is another run.</summary>
    Resume,
    /// <summary>Continue an unfinished run of the same spec if there is one, else start (the experiment cache's choice).</summary>
    IfPresent,
}

/// <summary>What one epoch produced; replayed from the journal on resume instead of being trained again.</summary>
public sealed record JournalUnit
{
    public int Index { get; init; }
    public string Phase { get; init; } = "";
    public int Epoch { get; init; }
    public double TrainLoss { get; init; }
    public double TrainAccuracy { get; init; }
    public double Lr { get; init; }
    public double ValidationAccuracy { get; init; }
    public double ValidationLoss { get; init; }
    public double TrainSeconds { get; init; }
    public double Seconds { get; init; }
    public string Weights { get; init; } = "";
    public string WeightsSha256 { get; init; } = "";
    /// <summary>Optimizer state (momentum buffers, Adam moments); kept for the latest unit only, the only one a resume loads.</summary>
    public string? Optimizer { get; set; }
    public string? OptimizerSha256 { get; set; }
    /// <summary>torch's global generator state after the epoch (base64).</summary>
    public string? TorchRng { get; init; }
    /// <summary>States of hooks with their own generators (e.g. PGD random starts), in hook order (base64).</summary>
    public List<string>? HookStates { get; init; }
}

/// <summary>The journal file: which run this is and which epochs are done.</summary>
public sealed record JournalState
{
    public string KitVersion { get; init; } = KitInfo.Version;
    public string Command { get; init; } = "";
    /// <summary>Everything needed to restart the run (spec and options): `--resume DIR` reads it back.</summary>
    public JsonNode? Run { get; init; }
    public string RunSha256 { get; init; } = "";
    public bool Complete { get; set; }
    public List<JournalUnit> Units { get; init; } = [];
}

/// <summary>A training hook whose own state (e.g. a random generator) changes while it trains.</summary>
internal interface IStatefulHook
{
    byte[] SaveState();
    void LoadState(byte[] state);
}
