using System.Text.Json.Serialization;

namespace Kit.Mutation;

/// <summary>
/// One Stryker.NET run over one folder of the kit, as `kit mutation import` commits it (results/mutation/FOLDER.json):
/// the counts and score, the mutants no test failed on, and a hash of every mutated file as it was at the run, so the
/// score table of docs/mutation-testing.md is read from a file and shows when the code has moved on since. Stryker's
/// own report is not kept: it embeds every source file of the project (megabytes).
/// </summary>
public sealed record MutationRun
{
    public const int CurrentSchema = 1;

    public int SchemaVersion { get; init; } = CurrentSchema;
    /// <summary>The kit that imported the report (the run itself is described by <see cref="Commit"/>).</summary>
    public string KitVersion { get; init; } = KitInfo.Version;
    /// <summary>The folder name the run mutated, e.g. "Costs".</summary>
    public string Folder { get; init; } = "";
    /// <summary>That folder relative to the repository root, forward slashes, e.g. "src/Kit/Costs".</summary>
    public string SourceFolder { get; init; } = "";
    /// <summary>`git rev-parse --short HEAD` at the start of the run; "-dirty" appended when sources had uncommitted changes.</summary>
    public string Commit { get; init; } = "";
    /// <summary>UTC date of the run, yyyy-MM-dd.</summary>
    public string Date { get; init; } = "";
    /// <summary>Wall time of the whole Stryker run.</summary>
    public int DurationSeconds { get; init; }
    public string StrykerVersion { get; init; } = "";
    public MutationCounts Counts { get; init; } = new();
    /// <summary>Killed + timeout + survived + no coverage: the mutants the score is over.</summary>
    public int Tested { get; init; }
    /// <summary>Stryker's score: (killed + timeout) / <see cref="Tested"/>, a fraction in [0, 1].</summary>
    public double Score { get; init; }
    /// <summary>Every file of the folder Stryker saw, sorted by path, with the hash of its text at the run.</summary>
    public IReadOnlyList<MutatedFile> Files { get; init; } = [];
    /// <summary>The Survived and NoCoverage mutants, sorted by path, line, column.</summary>
    public IReadOnlyList<MutantRecord> Survivors { get; init; } = [];
}

/// <summary>Mutants per final status of a Stryker run (all files of its report; those outside the folder are Ignored).</summary>
public sealed record MutationCounts
{
    public int Killed { get; init; }
    public int Timeout { get; init; }
    public int Survived { get; init; }
    public int NoCoverage { get; init; }
    public int CompileError { get; init; }
    public int RuntimeError { get; init; }
    public int Ignored { get; init; }

    [JsonIgnore] public int Detected => Killed + Timeout;
    [JsonIgnore] public int Tested => Detected + Survived + NoCoverage;

    /// <summary>Stryker's definition: invalid (compile/runtime error) and ignored mutants count on neither side. NaN when none was tested.</summary>
    [JsonIgnore] public double Score => Tested == 0 ? double.NaN : (double)Detected / Tested;
}

/// <summary>A source file of the mutated folder: repository-relative path and SHA-256 of its text (UTF-8, no byte-order mark).</summary>
public sealed record MutatedFile(string Path, string Sha256);

/// <summary>A mutant that no test failed on, located by repository-relative file, line and column of its start.</summary>
public sealed record MutantRecord(string Path, int Line, int Column, string Mutator, string Replacement, string Status);
