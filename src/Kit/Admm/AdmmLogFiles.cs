using System.Globalization;
using System.Text;
using Kit.IO;

namespace Kit.Admm;

/// <summary>Writes a run's ADMM log as admm_log.json (the entries) and admm_log.csv (one row per phase, step, epoch and layer).</summary>
internal static class AdmmLogFiles
{
    public static void Write(string outDir, IReadOnlyList<AdmmLogEntry> entries)
    {
        AtomicFile.WriteAllText(Path.Combine(outDir, "admm_log.json"), Json.Serialize(entries));
        var csv = new StringBuilder("phase,step,epoch,layer,rho,primal_residual,dual_residual,train_loss,validation_accuracy,epoch_seconds\n");
        foreach (var e in entries)
            csv.AppendLine(string.Join(",", $"\"{e.Phase}\"", e.Step, e.Epoch, e.Layer,
                F(e.Rho), F(e.PrimalResidual), F(e.DualResidual), F(e.TrainLoss), F(e.ValidationAccuracy), F(e.EpochSeconds)));
        AtomicFile.WriteAllText(Path.Combine(outDir, "admm_log.csv"), csv.ToString());
        static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    }
}
