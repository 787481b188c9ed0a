using System.Globalization;
using System.Text;

namespace Kit.Mutation;

/// <summary>
/// The mutation-score table of docs/mutation-testing.md and the README (`kit mutation summary --into FILE`), rendered from
/// the committed runs, never typed. Its last column compares each folder's sources in the working tree with the hashes
/// recorded at the run, so a commit that changes a mutated folder makes the committed block stale (a test fails) until
/// the table is rendered again and says the score is older than the code.
/// </summary>
public static class MutationScoreTable
{
    /// <param name="dir">The folder of committed runs.</param>
    /// <param name="repoRoot">The working tree the sources are compared with.</param>
    /// <param name="shownDir">How <paramref name="dir"/> is named in the text (the default's repository-relative path).</param>
    public static string ToMarkdown(string dir, string repoRoot, string shownDir = MutationResults.DefaultDir)
    {
        var runs = MutationResults.ReadAll(dir);
        if (runs.Count == 0) return $"No mutation run is in `{shownDir}/` yet.\n";
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ic, $"Read from `{shownDir}/FOLDER.json` (`kit mutation import`, run by `build/mutation-score.sh` after Stryker). ")
          .Append("Score = (killed + timeout) / mutants tested; not counted: mutants that did not compile and those Stryker ignored ")
          .Append("(outside the folder or in blocks already covered). Source changed: the folder's files now against their SHA-256 at the run.\n\n");
        sb.Append("| folder | run date | commit | wall time | Stryker.NET | mutants tested | killed | timeout | survived | no coverage | score | not counted (compile or runtime error / ignored) | source changed since the run |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (_, r) in runs)
        {
            var c = r.Counts;
            sb.Append(ic, $"| `{r.SourceFolder}` | {r.Date} | {r.Commit} | {Duration(r.DurationSeconds)} | {r.StrykerVersion} | {r.Tested:N0} | ")
              .Append(ic, $"{c.Killed:N0} | {c.Timeout:N0} | {c.Survived:N0} | {c.NoCoverage:N0} | **{r.Score * 100:F1}%** | ")
              .Append(ic, $"{c.CompileError + c.RuntimeError:N0} / {c.Ignored:N0} | {SourceDrift.Of(r, repoRoot).Describe()} |\n");
        }
        return sb.ToString();
    }

    /// <summary>"38 min 15 s", "45 s", "1 h 2 min 3 s".</summary>
    public static string Duration(int seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        var parts = new List<string>();
        if (t.TotalHours >= 1) parts.Add($"{(int)t.TotalHours} h");
        if (t.TotalMinutes >= 1) parts.Add($"{t.Minutes} min");
        parts.Add($"{t.Seconds} s");
        return string.Join(" ", parts);
    }
}
