namespace Kit.Admm;

/// <summary>
/// One layer at one Z/U step: primal residual ||W - Z|| / ||W||, dual residual ||Z - Z_prev||, the rho
/// used in the W-step just finished, and the validation accuracy of the (unprojected) W at that point.
/// </summary>
public sealed record AdmmLogEntry(
    string Phase, int Step, int Epoch, string Layer, double Rho, double PrimalResidual, double DualResidual,
    double TrainLoss, double ValidationAccuracy, double EpochSeconds);
