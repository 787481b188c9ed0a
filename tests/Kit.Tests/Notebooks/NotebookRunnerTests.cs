using Kit.Notebooks;

namespace Kit.Tests.Notebooks;

/// <summary>
/// The runner's process handling and verdicts, with a shell script standing in for `dotnet repl`
/// (the real kernel run is CI's `kit notebooks run`).
/// </summary>
public class NotebookRunnerTests
{
    const string Executed = """
        {"cells": [
          {"cell_type": "markdown", "source": ["# t"]},
          {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": {"text/plain": "1"}}]},
          {"cell_type": "code", "outputs": [{"output_type": "error", "ename": "Error", "evalue": "(1,1): error CS0103: The name 'x' does not exist\nmore", "traceback": []}]}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """;

    [Fact]
    public void Inspect_counts_code_cells_and_reports_errors_by_cell()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("x.ipynb"), Executed);
        var (cells, errors) = NotebookRunner.Inspect(d.File("x.ipynb"));
        Assert.Equal(2, cells);
        var e = Assert.Single(errors);
        Assert.Equal(3, e.Cell);
        Assert.Equal("(1,1): error CS0103: The name 'x' does not exist", e.Message);
    }

    static NotebookRunner Fake(TempDir d, string script)
    {
        Directory.CreateDirectory(d.File("nb"));
        File.WriteAllText(d.File("nb/01-b.ipynb"), "{}");
        File.WriteAllText(d.File("nb/00-a.ipynb"), "{}");
        File.WriteAllText(d.File("fake.sh"), script);
        return new NotebookRunner(d.File("nb"), d.File("out")) { Repl = ("bash", [d.File("fake.sh")]) };
    }

    [Fact]
    public void Runs_each_notebook_in_its_folder_and_reports_ok_or_failed_cells()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("executed-bad.json"), Executed);
        // Args: --run NAME --exit-after-run --output-path OUT. The stand-in checks the working folder like the real kernel's relative #r would.
        var runner = Fake(d, $$"""
            set -e
            [ -f "$2" ] || { echo "not run from the notebooks folder" >&2; exit 3; }
            case "$2" in
              00-a.ipynb) printf '{"cells":[{"cell_type":"code","outputs":[]}]}' > "$5"; echo "a ran in $PWD, mode $KIT_MODE" ;;
              01-b.ipynb) cp "{{d.File("executed-bad.json")}}" "$5"; exit 2 ;;
            esac
            """);
        runner.Environment["KIT_MODE"] = "quick";
        var lines = new List<string>();
        var results = runner.RunAll(log: lines.Add);
        Assert.Equal(["00-a.ipynb", "01-b.ipynb"], results.Select(r => r.Notebook));
        Assert.True(results[0].Ok);
        Assert.Equal(1, results[0].CodeCells);
        Assert.Contains("mode quick", File.ReadAllText(results[0].Log));
        Assert.False(results[1].Ok);
        Assert.Equal(2, results[1].ExitCode);
        Assert.Equal(3, Assert.Single(results[1].Errors).Cell);
        Assert.True(File.Exists(d.File("out/notebooks.json")));
        var record = File.ReadAllText(d.File("out/notebooks.json"));
        Assert.DoesNotContain(d.Path, record);
        Assert.Contains("\"01-b.ipynb\"", record);
        Assert.Contains("error CS0103", File.ReadAllText(d.File("out/01-b.html")));
        Assert.Contains("href=\"01-b.html\"", File.ReadAllText(d.File("out/index.html")));
        Assert.Contains(lines, l => l.StartsWith("FAILED  01-b.ipynb"));
    }

    [Fact]
    public void A_crash_without_output_is_a_failure_with_the_log_named()
    {
        using var d = new TempDir();
        var runner = Fake(d, "echo boom >&2; exit 1");
        var r = runner.Run("00-a.ipynb");
        Assert.False(r.Ok);
        Assert.Equal("NoOutput", Assert.Single(r.Errors).Name);
        Assert.Contains("boom", File.ReadAllText(r.Log));
    }

    [Fact]
    public void A_hanging_kernel_is_killed_at_the_timeout()
    {
        using var d = new TempDir();
        Fake(d, "sleep 60");
        var r = new NotebookRunner(d.File("nb"), d.File("out")) { Repl = ("bash", [d.File("fake.sh")]), Timeout = TimeSpan.FromSeconds(1) }.Run("00-a.ipynb");
        Assert.False(r.Ok);
        Assert.Contains(r.Errors, e => e.Name == "Timeout");
    }
}
