namespace Kit.Robustness;

/// <summary>
/// Adversarial training settings in a compression spec (`adversarial: {eps, steps, step_size}`): every
/// training phase (dense, ADMM W-steps, masked retraining, quantization retraining) then trains on PGD
/// examples, which makes ADMM pruning the concurrent adversarial variant of Ye et al. (ICCV 2019).
/// Training uses fewer PGD steps than evaluation (10 vs 40 on MNIST, method notes section 6).
/// </summary>
public sealed record AdversarialSpec
{
    public double Eps { get; init; } = 0.3;
    public int Steps { get; init; } = 10;
    public double StepSize { get; init; } = 0.03;
    public bool RandomStart { get; init; } = true;

    public AttackConfig Attack => new() { Kind = AttackKind.Pgd, Eps = Eps, Steps = Steps, StepSize = StepSize, RandomStart = RandomStart };

    public void Validate(string where) => Attack.Validate(where);
}
