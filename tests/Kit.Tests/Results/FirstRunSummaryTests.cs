using Kit.Results;

namespace Kit.Tests.Results;

/// <summary>`kit bench first-run`: the README's two commands timed by CI, rendered from the committed record.</summary>
public class FirstRunSummaryTests
{
    const string Record = """
        { "kind": "first-run", "commit": "0123456789abcdef", "date": "2026-12-02T09:00:00Z", "cpu": "AMD EPYC", "cores": 2, "memory_gib": 23.5,
          "nuget_packages_cached": true,
          "commands": [
            { "command": "./kit reproduce --quick", "seconds": 271, "exit_code": 0, "load_start": 1.5, "load_end": 2.0 },
            { "command": "dotnet test Kit.sln -c Release", "seconds": 1500, "exit_code": 0, "load_start": 2.0, "load_end": 3.25,
              "tests": { "passed": 1180, "failed": 0, "skipped": 2 } } ] }
        """;

    [Fact]
    public void Each_command_is_a_row_with_its_time_load_and_test_counts()
    {
        using var t = new TempDir();
        string f = t.File("first-run.json");
        File.WriteAllText(f, Record);
        string md = FirstRunSummary.ToMarkdown(f, "results/ci/first-run.json");
        Assert.Contains("at commit `0123456` on 2026-12-02, AMD EPYC, 2 cores, 23.5 GiB; the NuGet cache already filled (`results/ci/first-run.json`)", md);
        Assert.Contains("| `./kit reproduce --quick` | 4.5 min (271 s) | 0 | 1.5 / 2.0 |  |", md);
        Assert.Contains("| `dotnet test Kit.sln -c Release` | 25.0 min (1500 s) | 0 | 2.0 / 3.25 | 1,180 passed, 0 failed, 2 skipped |", md);
        // Load above the core count: the times are flagged as upper bounds.
        Assert.Contains("reached 3.25 on 2 cores", md);
        File.WriteAllText(f, Record.Replace("3.25", "1.75"));
        Assert.DoesNotContain("upper bounds", FirstRunSummary.ToMarkdown(f));
    }

    [Fact]
    public void A_missing_record_says_so_and_a_wrong_one_is_refused_by_name()
    {
        using var t = new TempDir();
        Assert.StartsWith("No first-run record is committed yet", FirstRunSummary.ToMarkdown(t.File("absent.json"), "results/ci/first-run.json"));
        string f = t.File("x.json");
        File.WriteAllText(f, Record.Replace("\"first-run\"", "\"bench\""));
        Assert.Contains("not a first-run record", Assert.Throws<KitException>(() => FirstRunSummary.ToMarkdown(f)).Message);
        File.WriteAllText(f, Record.Replace("\"seconds\": 271, ", ""));
        var e = Assert.Throws<KitException>(() => FirstRunSummary.ToMarkdown(f));
        Assert.Contains("no seconds", e.Message);
        Assert.Contains(f, e.Message);
    }
}
