using System.Globalization;
using Kit.Admm;

namespace Kit.Tests.Admm;

/// <summary>The ADMM log as written to a run folder (JSON and CSV) and as read back, grouped by phase and layer.</summary>
public class AdmmLogTests
{
    static readonly AdmmLogEntry[] Entries =
    [
        new("prune admm", 1, 2, "conv1", 0.01, 0.5, 0.125, 0.3, 97.5, 8.25),
        new("prune admm", 1, 2, "fc1", 0.01, 0.875, 0.25, 0.3, 97.5, 8.25),
        new("prune admm", 2, 4, "conv1", 0.015, 0.0625, 1.0 / 3, 0.2, 98.25, 8.0),
        new("quantize admm", 1, 6, "fc1", 0.02, 0.001953125, 0.5, 0.1, 98.75, 7.9),
        new("prune admm", 2, 4, "fc1", 0.015, 0.4375, 0.0078, 0.2, 98.25, 8.0),
    ];

    [Fact]
    public void Files_hold_every_entry_as_json_and_as_csv_in_invariant_culture()
    {
        using var dir = new TempDir();
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");   // decimal comma must not leak into the CSV
            AdmmLogFiles.Write(dir.Path, Entries);
        }
        finally { CultureInfo.CurrentCulture = culture; }
        var csv = File.ReadAllLines(dir.File("admm_log.csv"));
        Assert.Equal("phase,step,epoch,layer,rho,primal_residual,dual_residual,train_loss,validation_accuracy,epoch_seconds", csv[0]);
        Assert.Equal("\"prune admm\",1,2,conv1,0.01,0.5,0.125,0.3,97.5,8.25", csv[1]);
        Assert.Equal("\"prune admm\",2,4,conv1,0.015,0.0625,0.333333,0.2,98.25,8", csv[3]);
        Assert.Equal("\"quantize admm\",1,6,fc1,0.02,0.00195312,0.5,0.1,98.75,7.9", csv[4]);
        Assert.Equal(Entries.Length + 1, csv.Length);
        Assert.Equal(Entries, AdmmLog.Load(dir.Path).Entries);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
    }

    [Fact]
    public void Load_takes_the_file_or_its_folder_and_names_what_is_missing()
    {
        using var dir = new TempDir();
        AdmmLogFiles.Write(dir.Path, Entries);
        var file = dir.File(AdmmLog.FileName);
        Assert.Equal(file, AdmmLog.Load(file).Source);
        Assert.Equal(file, AdmmLog.Load(dir.Path).Source);

        var empty = Path.Combine(dir.Path, "other");
        Directory.CreateDirectory(empty);
        var e = Assert.Throws<KitException>(() => AdmmLog.Load(empty));
        Assert.Equal($"{Path.Combine(empty, "admm_log.json")}: no ADMM log (kit compress writes admm_log.json next to result.json)", e.Message);
        e = Assert.Throws<KitException>(() => AdmmLog.Load(dir.File("nope.json")));
        Assert.StartsWith(dir.File("nope.json") + ": no ADMM log", e.Message);
    }

    [Fact]
    public void Load_accepts_fields_it_does_not_know_and_an_empty_list()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("admm_log.json"), """
            [{"phase":"prune admm","step":1,"epoch":2,"layer":"conv1","rho":0.01,"primal_residual":0.5,"dual_residual":0.1,
              "train_loss":0.3,"validation_accuracy":97.5,"epoch_seconds":8,"written_by":"a later kit"}]
            """);
        var entry = Assert.Single(AdmmLog.Load(dir.Path).Entries);
        Assert.Equal(("conv1", 0.5), (entry.Layer, entry.PrimalResidual));
        File.WriteAllText(dir.File("admm_log.json"), "[]");
        Assert.Empty(AdmmLog.Load(dir.Path).Entries);
        File.WriteAllText(dir.File("admm_log.json"), "null");
        Assert.StartsWith(dir.File("admm_log.json") + ": empty JSON document", Assert.Throws<KitException>(() => AdmmLog.Load(dir.Path)).Message);
    }

    [Fact]
    public void Phases_and_layers_come_in_order_of_first_appearance_and_traces_keep_log_order()
    {
        var log = new AdmmLog(Entries);
        Assert.Equal(["prune admm", "quantize admm"], log.Phases);
        Assert.Equal(["conv1", "fc1"], log.Layers);
        var traces = log.PerLayer();
        Assert.Equal(["conv1", "fc1"], traces.Select(t => t.Layer));
        var fc1 = traces[1];
        Assert.Equal([0.875, 0.001953125, 0.4375], fc1.Primal);
        Assert.Equal([0.25, 0.5, 0.0078], fc1.Dual);
        Assert.Equal([0.01, 0.02, 0.015], fc1.Rho);
        Assert.Equal(["prune admm step 1", "quantize admm step 1", "prune admm step 2"], fc1.Labels);
        Assert.Equal([0.5, 0.0625], traces[0].Primal);
    }

    [Fact]
    public void Only_keeps_the_phases_that_start_with_the_prefix()
    {
        var log = new AdmmLog(Entries, "run/admm_log.json");
        var prune = log.Only("prune");
        Assert.Equal(4, prune.Entries.Count);
        Assert.Equal("run/admm_log.json", prune.Source);
        Assert.Equal(["prune admm"], prune.Phases);
        Assert.Equal(["quantize admm"], log.Only("quantize").Phases);
        Assert.Empty(log.Only("admm").Entries);            // a prefix, not a substring
        Assert.Empty(log.Only("Prune").Entries);           // ordinal, case-sensitive
    }
}
