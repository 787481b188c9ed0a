using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// N:M (cost: groups * N * (b + ceil(log2 M)), groups = R * ceil(C / M)): for each row, for each group of M
/// consecutive columns (the last one zero-padded), N slots of (b-bit value code, ceil(log2 M)-bit position in the
/// group). The group's nonzeros fill the first slots in increasing position; the remaining slots hold the zero code
/// and position 0, and a decoder ignores them. entries = groups * N; the zero code is on iff some slot is padding (the
/// cost model's stores_zeros, which also sets b).
/// A mask with more than N nonzeros in a group cannot be stored (the cost model gives no cost either).
/// </summary>
internal abstract class NmCodec(int n, int m) : ILayerCodec
{
    public string Name => $"{n}:{m}";

    NmFormat Format => (NmFormat)StorageFormats.Get(Name);

    public LayerPlan? Plan(CostLayer layer, int bits)
    {
        if (Format.Cost(layer, bits) is not NmFormatCost cost) return null;
        return LayerPlan.From(layer, cost, 0, cost.Groups * n);
    }

    public void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer)
    {
        int posBits = Format.PositionBits, cols = layer.Mask.Columns, groupsPerRow = (cols + m - 1) / m;
        var dense = LayerValues.Dense(layer);
        for (long r = 0; r < layer.Mask.Rows; r++)
            for (int g = 0; g < groupsPerRow; g++)
            {
                int slots = 0;
                for (int p = 0; p < m && g * m + p < cols; p++)
                {
                    float v = dense[r * cols + g * m + p];
                    if (v == 0) continue;
                    writer.Write(codes.Code(v), plan.Bits);
                    writer.Write((ulong)p, posBits);
                    slots++;
                }
                for (; slots < n; slots++)
                {
                    writer.Write(0, plan.Bits);
                    writer.Write(0, posBits);
                }
            }
    }

    public void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights)
    {
        int posBits = Format.PositionBits, cols = plan.Columns, groupsPerRow = (cols + m - 1) / m;
        if (plan.Entries != (long)plan.Rows * groupsPerRow * n)
            throw new InvalidDataException($"{plan.Entries} entries, but {plan.Rows} rows of {groupsPerRow} groups hold {(long)plan.Rows * groupsPerRow * n}");
        for (long r = 0; r < plan.Rows; r++)
            for (int g = 0; g < groupsPerRow; g++)
                for (int s = 0; s < n; s++)
                {
                    var code = reader.Read(plan.Bits);
                    int p = (int)reader.Read(posBits);
                    if (codes.IsZero(code)) continue;
                    long col = (long)g * m + p;
                    if (p >= m || col >= cols) throw new InvalidDataException($"row {r}, group {g}: position {p} is outside the group");
                    if (weights[r * cols + col] != 0) throw new InvalidDataException($"row {r}, group {g}: position {p} is stored twice");
                    weights[r * cols + col] = codes.Value(code);
                }
    }
}

internal sealed class TwoFourCodec() : NmCodec(2, 4) { }

internal sealed class OneFourCodec() : NmCodec(1, 4) { }
