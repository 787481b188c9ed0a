using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.IO;
using Kit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Kit.Training;

/// <summary>
/// Resume without loss. A run is a deterministic sequence of epochs (control flow depends on the spec only,
/// data order on (seed, epoch)). After each epoch the journal stores the model's full state, the optimizer state,
/// the generators' states and the epoch's numbers, then atomically rewrites `checkpoint/journal.json` (the commit
/// point; its first line holds the SHA-256 of the rest, and it lists the SHA-256 of every state file).
/// On resume the run executes again from the start, but each journaled epoch is replayed (its state loaded, its
/// numbers returned) instead of trained, so everything between epochs (best-epoch choice, ADMM Z/U steps, hard
/// mapping, snapping, evaluations) is recomputed from bit-identical states; training continues after the last
/// journaled epoch. Nothing outside the epochs needs its own serialization, so no state can be forgotten.
/// Every epoch's weights are kept until the run completes (a later phase may read any of them, e.g. the best
/// epoch of a retraining); then they are deleted and the journal is marked complete.
/// The journal also holds an OS lock on the output folder, so two processes never write one folder.
/// </summary>
public sealed class RunJournal : IDisposable
{
    public const string FolderName = "checkpoint";
    public const string FileName = "journal.json";
    public const string LockName = ".kit.lock";
    const string HashPrefix = "// sha256 ";

    readonly string dir;
    readonly FileStream lockStream;
    readonly JournalState state;
    int next;

    public string OutDir { get; }
    public string JournalPath => Path.Combine(dir, FileName);
    /// <summary>Epochs found in the journal when the run started (replayed rather than trained).</summary>
    public int Replayable { get; }
    public int NextIndex => next;
    /// <summary>The phase of the next epoch a resume replays, or null when every journaled epoch has been replayed.</summary>
    public string? NextReplayPhase => next < Replayable ? state.Units[next].Phase : null;

    RunJournal(string outDir, FileStream lk, JournalState s, int replayable)
    {
        OutDir = outDir;
        dir = Path.Combine(outDir, FolderName);
        lockStream = lk;
        state = s;
        Replayable = replayable;
    }

    public static string PathIn(string outDir) => Path.Combine(outDir, FolderName, FileName);

    /// <summary>The run description stored by an earlier start (for `--resume DIR`); verifies the journal.</summary>
    public static JournalState Read(string outDir)
    {
        var path = PathIn(outDir);
        if (!File.Exists(path)) throw new KitException($"{outDir}: nothing to resume ({Path.Combine(FolderName, FileName)} not found)");
        return Load(path);
    }

    static JournalState Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new KitException($"{path}: cannot read ({e.Message})"); }
        int nl = text.IndexOf('\n');
        if (!text.StartsWith(HashPrefix, StringComparison.Ordinal) || nl < 0)
            throw new KitException($"{path}: corrupt checkpoint journal (no SHA-256 header line)");
        var expected = text[HashPrefix.Length..nl].Trim();
        var body = text[(nl + 1)..];
        var actual = Hash(body);
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"{path}: corrupt or truncated checkpoint journal (SHA-256 {actual[..12]}... does not match its header's {Short(expected)}); not loaded");
        return Json.Parse<JournalState>(body, path, strict: false);
    }

    /// <summary>
    /// Opens the journal of a run writing to <paramref name="outDir"/>: locks the folder, then starts a new journal
    /// or (resume) verifies the existing one against this run. Call after all input validation, so bad input writes nothing.
    /// </summary>
    public static RunJournal Open(string outDir, string command, JsonNode run, ResumeMode mode)
    {
        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        var lk = Lock(outDir);
        try
        {
            var path = PathIn(outDir);
            var runHash = Hash(ExperimentIdentity(run));
            JournalState? old = File.Exists(path) ? Load(path) : null;
            if (old is { Complete: true })
            {
                // A finished run is never continued: resuming it is a mistake, anything else starts a new run.
                if (mode == ResumeMode.Resume) throw new KitException($"{outDir}: the run is already complete; nothing to resume");
                old = null;
            }
            if (mode == ResumeMode.Resume && old is null)
                throw new KitException($"{outDir}: nothing to resume ({Path.Combine(FolderName, FileName)} not found)");
            if (old is not null && (old.Command != command || old.RunSha256 != runHash))
            {
                if (mode == ResumeMode.Resume)
                    throw new KitException($"{path}: the checkpoint is of another run ({old.Command}, run hash {Short(old.RunSha256)}; this is {command}, {Short(runHash)})");
                throw new KitException($"{outDir}: holds an unfinished {old.Command} run of another spec ({old.Units.Count} epochs done); resume it with --resume or delete the folder");
            }
            if (old is not null && mode == ResumeMode.Fresh)
                throw new KitException($"{outDir}: holds an unfinished run ({old.Units.Count} epochs done); continue it with --resume {outDir} or delete the folder");
            CleanStaleTemps(outDir);
            CleanStaleTemps(Path.Combine(outDir, FolderName));
            if (old is not null) return new RunJournal(outDir, lk, old, old.Units.Count);
            // A fresh start: earlier (complete) state files are not part of this run.
            var d = Path.Combine(outDir, FolderName);
            if (Directory.Exists(d)) foreach (var f in Directory.GetFiles(d, "unit-*")) File.Delete(f);
            var fresh = new JournalState { Command = command, Run = run.DeepClone(), RunSha256 = runHash };
            var j = new RunJournal(outDir, lk, fresh, 0);
            j.Save();
            return j;
        }
        catch
        {
            lk.Dispose();
            throw;
        }
    }

    /// <summary>The identity of a run: its description without where the data lives or how many threads ran it.</summary>
    static string ExperimentIdentity(JsonNode run) => SpecIdentity.CanonicalJson(run);

    static FileStream Lock(string outDir)
    {
        var path = Path.Combine(outDir, LockName);
        try
        {
            // FileShare.None is an exclusive OS lock (flock on Unix), released when the process dies, even by kill -9.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new KitException($"{outDir}: in use by another kit process (lock {path}); wait for it or choose another --out");
        }
    }

    /// <summary>Temp files of writes a killed process never renamed (AtomicFile names them .NAME.PID.GUID.tmp); never part of a committed state.</summary>
    static void CleanStaleTemps(string d)
    {
        if (!Directory.Exists(d)) return;
        foreach (var f in Directory.GetFiles(d, ".*.tmp")) File.Delete(f);
    }

    /// <summary>
    /// If epoch <paramref name="epoch"/> of <paramref name="phase"/> is journaled, restores the state after it
    /// (weights, optimizer when it is the last journaled epoch, generators) and returns its numbers.
    /// </summary>
    public JournalUnit? TryReplay(string phase, int epoch, KitModel model, optim.Optimizer optimizer, IReadOnlyList<ITrainingHook> hooks)
    {
        if (next >= Replayable) return null;
        var u = state.Units[next];
        if (u.Phase != phase || u.Epoch != epoch)
            throw new KitException($"{JournalPath}: unit {next} is '{u.Phase}' epoch {u.Epoch}, but this run is at '{phase}' epoch {epoch}: the checkpoint is not of this run");
        var weights = Verified(u.Weights, u.WeightsSha256);
        try { model.load(weights, strict: true); }
        catch (Exception e) when (e is not KitException)
        {
            throw new KitException($"{weights}: cannot load checkpoint weights into {model.Architecture} ({e.Message.Split('\n')[0]})");
        }
        if (next == Replayable - 1)
        {
            if (u.Optimizer is null) throw new KitException($"{JournalPath}: the last unit has no optimizer state");
            var opt = Verified(u.Optimizer, u.OptimizerSha256 ?? "");
            try { Helper(optimizer).load_state_dict(opt); }
            catch (Exception e) when (e is not KitException)
            {
                throw new KitException($"{opt}: cannot load optimizer state ({e.Message.Split('\n')[0]})");
            }
        }
        if (u.TorchRng is { } rng)
        {
            using var t = tensor(Convert.FromBase64String(rng), ScalarType.Byte);
            torch.random.set_rng_state(t);
        }
        var stateful = hooks.OfType<IStatefulHook>().ToList();
        if ((u.HookStates?.Count ?? 0) != stateful.Count)
            throw new KitException($"{JournalPath}: unit {next} holds {u.HookStates?.Count ?? 0} hook states, this run has {stateful.Count}");
        for (int i = 0; i < stateful.Count; i++) stateful[i].LoadState(Convert.FromBase64String(u.HookStates![i]));
        next++;
        return u;
    }

    /// <summary>Stores the state after a trained epoch and commits it (journal rename last).</summary>
    public void Commit(JournalUnit numbers, KitModel model, optim.Optimizer optimizer, IReadOnlyList<ITrainingHook> hooks)
    {
        Directory.CreateDirectory(dir);
        int index = next;
        var weights = $"unit-{index:D5}.weights.pt";
        var opt = $"unit-{index:D5}.optim.pt";
        var wPath = Path.Combine(dir, weights);
        var oPath = Path.Combine(dir, opt);
        SaveVia(wPath, tmp => model.save(tmp));
        SaveVia(oPath, tmp => Helper(optimizer).save_state_dict(tmp));
        using var rng = torch.random.get_rng_state();
        var unit = numbers with
        {
            Index = index,
            Weights = weights, WeightsSha256 = AtomicFile.Sha256(wPath),
            Optimizer = opt, OptimizerSha256 = AtomicFile.Sha256(oPath),
            TorchRng = Convert.ToBase64String(rng.data<byte>().ToArray()),
            HookStates = hooks.OfType<IStatefulHook>().Select(h => Convert.ToBase64String(h.SaveState())).ToList(),
        };
        FaultInjection.Hit("before-commit", index);
        var previous = state.Units.Count > 0 ? state.Units[^1] : null;
        state.Units.Add(unit);
        if (previous is not null) { previous.Optimizer = null; previous.OptimizerSha256 = null; }
        Save();
        next++;
        // Only the latest optimizer state is ever loaded; older ones go once the new journal is committed.
        if (previous is not null) TryDelete(Path.Combine(dir, $"unit-{previous.Index:D5}.optim.pt"));
        FaultInjection.Hit("after-commit", index);
    }

    /// <summary>Marks the run complete once its results are written, and deletes the per-epoch states.</summary>
    public void Complete()
    {
        state.Complete = true;
        foreach (var u in state.Units) { u.Optimizer = null; u.OptimizerSha256 = null; }
        Save();
        foreach (var f in Directory.GetFiles(dir, "unit-*")) TryDelete(f);
    }

    public int EpochsDone => state.Units.Count;

    string Verified(string file, string sha)
    {
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) throw new KitException($"{path}: checkpoint file missing (listed in {JournalPath})");
        var actual = AtomicFile.Sha256(path);
        if (!string.Equals(actual, sha, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"{path}: corrupt or truncated checkpoint (SHA-256 {actual[..12]}... does not match the journal's {Short(sha)}); not loaded");
        return path;
    }

    void Save()
    {
        Directory.CreateDirectory(dir);
        var body = Json.Serialize(state);
        AtomicFile.WriteAllText(JournalPath, HashPrefix + Hash(body) + "\n" + body);
    }

    static void SaveVia(string path, Action<string> write)
    {
        var tmp = AtomicFile.TempPathFor(path);
        try
        {
            write(tmp);
            AtomicFile.Publish(tmp, path);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }

    static TorchSharp.Modules.OptimizerHelper Helper(optim.Optimizer o) =>
        o as TorchSharp.Modules.OptimizerHelper ?? throw new KitException($"optimizer {o.GetType().Name} cannot save its state");

    static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static string Short(string s) => string.IsNullOrEmpty(s) ? "(none)" : s[..Math.Min(12, s.Length)] + "...";

    static void TryDelete(string f)
    {
        try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => lockStream.Dispose();
}
