using Kit.Costs;

namespace Kit.Export;

/// <summary>
/// The encoder and decoder of one storage format, registered under the name of the <see cref="IStorageFormat"/>
/// whose cost it realizes (<see cref="LayerCodecs"/>). The payload an encoder writes has exactly the cost model's
/// bits for that layer: <see cref="Plan"/> takes k, the value width and the zero code (and everything else the cost
/// depends on) from the cost model, and the file writer checks the written length against it.
/// </summary>
public interface ILayerCodec
{
    /// <summary>The storage format's name (<see cref="IStorageFormat.Name"/>).</summary>
    string Name { get; }

    /// <summary>Whether the format has an index width k (1..16 in the file); otherwise the header's k is 0.</summary>
    bool HasIndexBits => false;

    /// <summary>The layer's plan at b bits per value; null when the format cannot hold the mask (N:M).</summary>
    LayerPlan? Plan(CostLayer layer, int bits);

    /// <summary>Writes the payload of the layer (values in the mask's order, coded by <paramref name="codes"/>).</summary>
    void Encode(CostLayer layer, LayerPlan plan, ValueCodes codes, BitWriter writer);

    /// <summary>
    /// Reads a payload into <paramref name="weights"/> (row-major R x C, all zero on entry). Throws
    /// <see cref="InvalidDataException"/> on anything a valid encoder cannot have written.
    /// </summary>
    void Decode(LayerPlan plan, ValueCodes codes, BitReader reader, float[] weights);
}
