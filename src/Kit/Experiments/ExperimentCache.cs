using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.IO;

namespace Kit.Experiments;

/// <summary>What a cache lookup returned: the value, the entry folder holding the files the computation wrote, and whether it was reused.</summary>
public sealed record CacheEntry<T>(string Key, string Dir, T Value, bool Hit);

/// <summary>The metadata file of a published entry; its presence is what makes a folder an entry.</summary>
internal sealed record CacheEntryInfo
{
    public string Key { get; init; } = "";
    public string KitVersion { get; init; } = "";
    public JsonNode? Spec { get; init; }
    public JsonNode? Value { get; init; }
    public DateTimeOffset Created { get; init; }
    public double Seconds { get; init; }
}

/// <summary>
/// Results keyed by SHA-256 of (kit version, canonical JSON of the spec). An entry is computed in a private
/// temp folder and published by renaming that folder, so readers see a complete entry or none. A per-key lock
/// file (an OS file lock, released even if the process dies) makes concurrent askers wait for one computation
/// instead of repeating it; if two writers still race (locks not honoured, e.g. some network file systems), the
/// first rename wins and the loser's copy is discarded.
/// </summary>
public sealed class ExperimentCache
{
    public const string EntryFile = "entry.json";
    public string Root { get; }
    public string KitVersion { get; }
    /// <summary>Off only to exercise the rename-collision path in tests.</summary>
    public bool UseLocks { get; init; } = true;
    public TimeSpan LockPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    public ExperimentCache(string root, string? kitVersion = null)
    {
        Root = Path.GetFullPath(root);
        KitVersion = kitVersion ?? KitInfo.Version;
    }

    /// <summary>Compact JSON (kit convention, snake_case) with object keys sorted ordinally at every level: equal specs give equal text.</summary>
    public static string CanonicalJson<TSpec>(TSpec spec) => Canonical(Json.ToNode(spec))?.ToJsonString() ?? "null";

    static JsonNode? Canonical(JsonNode? n) => n switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => n.DeepClone(),
    };

    public string Key<TSpec>(TSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"kit {KitVersion}\n{CanonicalJson(spec)}")));

    /// <summary>Entries are sharded by the first two hex digits so no folder grows huge.</summary>
    public string EntryDir(string key) => Path.Combine(Root, key[..2], key);

    public bool Contains<TSpec>(TSpec spec) => File.Exists(Path.Combine(EntryDir(Key(spec)), EntryFile));

    public bool TryGet<TSpec, T>(TSpec spec, out CacheEntry<T>? entry)
    {
        entry = Read<T>(Key(spec));
        return entry != null;
    }

    /// <summary>The cached value for the spec, or <paramref name="compute"/>(entry folder) run once and published.</summary>
    public T GetOrCompute<TSpec, T>(TSpec spec, Func<string, T> compute, CancellationToken cancel = default) =>
        GetOrComputeEntry(spec, compute, cancel).Value;

    /// <summary>
    /// Like <see cref="GetOrCompute{TSpec,T}"/> but also says where the entry's files are and whether it was a hit.
    /// The value must round-trip through the kit's JSON (it is stored in entry.json); files go into the folder
    /// passed to <paramref name="compute"/>, which becomes the entry folder. If compute throws, nothing is published.
    /// </summary>
    /// <param name="resumable">The computation checkpoints into its folder (e.g. the compression pipeline's journal): the folder is
    /// then named by the key alone, so after a kill -9 the next computation of the key (holding the key's lock) finds it and resumes.</param>
    /// <param name="verify">Checks a published entry's files: null when sound, else what is wrong (naming the file). An entry that fails
    /// (or whose entry.json does not parse) is moved to .corrupt/ under the key's lock, <paramref name="log"/> says so, and it is computed again.</param>
    public CacheEntry<T> GetOrComputeEntry<TSpec, T>(TSpec spec, Func<string, T> compute, CancellationToken cancel = default, bool resumable = false,
        Func<CacheEntry<T>, string?>? verify = null, Action<string>? log = null)
    {
        var key = Key(spec);
        if (Sound(key, verify) is { } hit) return hit;
        using var lk = UseLocks ? AcquireLock(key, cancel) : null;
        // Whoever held the lock before us may have published it; a broken entry is set aside only while holding the lock.
        if (Sound(key, verify) is { } published) return published;
        SetAsideBroken(key, verify, log);

        var tmp = Path.Combine(Root, ".tmp", resumable && UseLocks ? $"{key}.partial" : $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        try
        {
            var sw = Stopwatch.StartNew();
            var value = compute(tmp);
            cancel.ThrowIfCancellationRequested();
            var info = new CacheEntryInfo
            {
                Key = key, KitVersion = KitVersion, Spec = Json.ToNode(spec), Value = Json.ToNode(value),
                Created = DateTimeOffset.UtcNow, Seconds = sw.Elapsed.TotalSeconds,
            };
            AtomicFile.WriteAllText(Path.Combine(tmp, EntryFile), Json.Serialize(info));
            var final = EntryDir(key);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                Directory.Move(tmp, final);
            }
            catch (IOException) when (Read<T>(key) is not null)
            {
                // Lost a rename race: the other writer's entry is complete, ours is discarded in finally.
                return Read<T>(key)!;
            }
            return new CacheEntry<T>(key, final, Json.Parse<T>(info.Value!.ToJsonString(), Path.Combine(final, EntryFile), strict: false), Hit: false);
        }
        finally
        {
            if (Directory.Exists(tmp)) TryDelete(tmp);
        }
    }

    /// <summary>The published entry, or null when there is none or (with <paramref name="verify"/>) it is broken.</summary>
    CacheEntry<T>? Sound<T>(string key, Func<CacheEntry<T>, string?>? verify)
    {
        if (verify is null) return Read<T>(key);
        try { return Read<T>(key) is { } e && verify(e) is null ? e : null; }
        catch (KitException) { return null; }
    }

    /// <summary>
    /// Moves a broken entry out of the way (kept in .corrupt/ for inspection): one that fails <paramref name="verify"/>, or a
    /// folder without entry.json (entries are published by one rename, so only a partial copy or a damaged disk leaves one).
    /// </summary>
    void SetAsideBroken<T>(string key, Func<CacheEntry<T>, string?>? verify, Action<string>? log)
    {
        var dir = EntryDir(key);
        if (!Directory.Exists(dir)) return;
        string? problem;
        if (!File.Exists(Path.Combine(dir, EntryFile))) problem = $"{Path.Combine(dir, EntryFile)}: missing (a half-written or partly copied cache entry)";
        else if (verify is null) return;
        else
        {
            try { problem = verify(Read<T>(key)!); }
            catch (KitException e) { problem = e.Message; }
            if (problem is null) return;
        }
        var aside = Path.Combine(Root, ".corrupt", $"{key}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
        Directory.Move(dir, aside);
        log?.Invoke($"{problem}: cache entry moved to {aside}; computing it again");
    }

    CacheEntry<T>? Read<T>(string key)
    {
        var dir = EntryDir(key);
        var file = Path.Combine(dir, EntryFile);
        if (!File.Exists(file)) return null;
        var info = Json.ReadFile<CacheEntryInfo>(file, strict: false);
        if (info.Key != key) throw new KitException($"{file}: entry is for key {info.Key}, expected {key} (cache folder corrupted?)");
        var value = info.Value is null ? default! : Json.Parse<T>(info.Value.ToJsonString(), file, strict: false);
        return new CacheEntry<T>(key, dir, value, Hit: true);
    }

    FileStream AcquireLock(string key, CancellationToken cancel)
    {
        var dir = Path.Combine(Root, ".locks");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, key + ".lock");
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                // FileShare.None is an exclusive OS lock (flock on Unix) across threads and processes.
                // The lock file is never deleted: deleting it would let a waiter lock an unlinked inode.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                cancel.WaitHandle.WaitOne(LockPoll);
            }
        }
    }

    static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
