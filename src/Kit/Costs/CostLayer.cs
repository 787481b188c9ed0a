namespace Kit.Costs;

/// <summary>
/// One prunable layer as the cost models see it: its mask, how its outputs feed the next prunable layer
/// (same meaning as <see cref="Kit.Models.PrunableLayer"/>: removing output r removes columns
/// [r*ConsumerColumnsPerOutput, (r+1)*ConsumerColumnsPerOutput) of <see cref="Consumer"/>), the number
/// of output positions per image (H*W of a conv's output, 1 for FC), and optionally the nonzero values
/// in the mask's order. Known values set the value widths (<see cref="ValueWidths"/>: a format that stores zero
/// entries needs b + 1 bits when the values fill all 2^b codes) and the Huffman value coding; null = unknown (a mask only).
/// </summary>
public sealed record CostLayer(
    LayerMask Mask,
    string? Consumer = null,
    int ConsumerColumnsPerOutput = 1,
    long OutputPositions = 1,
    float[]? Values = null)
{
    public string Name => Mask.Name;
}
