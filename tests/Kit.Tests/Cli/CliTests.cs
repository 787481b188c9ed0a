using System.Text.Json.Nodes;

namespace Kit.Tests.Cli;

/// <summary>The CLI in-process: exit codes and messages for good and bad invocations.</summary>
public class CliTests
{
    static (int code, string stdout, string stderr) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Help_lists_the_commands()
    {
        var (code, stdout, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("train", stdout);
        Assert.Contains("bench", stdout);
        Assert.Contains("notebooks", stdout);
        Assert.Contains("charts", stdout);
    }

    [Fact]
    public void Charts_data_balance_writes_an_offline_page_a_csv_and_an_index()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Run("charts", "data-balance", "--out", dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("mnist: 60000 images", stdout);
        var csv = File.ReadAllLines(dir.File("data-balance.csv"));
        Assert.Equal("class,mnist,fashion-mnist", csv[0]);
        Assert.Equal("5,5421,6000", csv[6]);
        Assert.Contains("Plotly.newPlot('chart0'", File.ReadAllText(dir.File("data-balance.html")));
        Assert.Contains("data-balance.csv", File.ReadAllText(dir.File("index.html")));
    }

    [Fact]
    public void Notebooks_run_with_a_missing_folder_is_one_clear_line()
    {
        var (code, _, stderr) = Run("notebooks", "run", "--notebooks", "no/such/notebooks");
        Assert.Equal(1, code);
        Assert.StartsWith("error: notebooks folder no/such/notebooks does not exist", stderr);
    }

    [Theory]
    [InlineData("--epochs must be in 1..10000, got 0", "train", "--epochs", "0")]
    [InlineData("--model: unknown value 'alexnet' (known: lenet5,", "train", "--model", "alexnet")]
    [InlineData("--dataset: unknown value 'imagenet' (known: mnist,", "train", "--dataset", "imagenet")]
    [InlineData("--batch-size must be in 1..65536, got -3", "train", "--batch-size", "-3")]
    [InlineData("Unrecognized command or argument '--no-such-option'.", "train", "--no-such-option")]
    [InlineData("Unrecognized command or argument 'no-such-command'.", "no-such-command")]
    public void Invalid_arguments_give_a_message_and_non_zero_exit(string message, params string[] args)
    {
        // The message that names the bad argument, exit 1, and no exception (a crash also exits 1, with a stack trace).
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(1, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("xception", stdout + stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void Missing_data_folder_is_one_clear_line()
    {
        var (code, _, stderr) = Run("train", "--data", "no/such/folder", "--epochs", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("error: data folder no/such/folder does not exist", stderr);
    }

    [Fact]
    public void Train_writes_metrics_and_a_loadable_checkpoint()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Run("train", "--model", "lenet5", "--dataset", "mnist", "--epochs", "1", "--train-limit", "2000", "--batch-size", "32",
            "--validation", "500", "--seed", "4", "--threads", "1", "--out", dir.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("test accuracy", stdout);
        var metrics = JsonNode.Parse(File.ReadAllText(dir.File("metrics.json")))!;
        Assert.Equal(2000, (int)metrics["train_images"]!);
        Assert.Equal(4, (int)metrics["spec"]!["seed"]!);
        Assert.Equal(KitInfo.Version, (string)metrics["kit_version"]!);
        Assert.True((double)metrics["test_accuracy"]! > 80);
        var (model, info) = Kit.Training.Checkpoint.Load(dir.File("model.pt"));
        model.Dispose();
        Assert.Equal("mnist", info.Dataset);
    }
}
