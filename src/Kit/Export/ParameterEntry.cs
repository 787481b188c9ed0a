using static TorchSharp.torch;

namespace Kit.Export;

/// <summary>
/// A non-prunable tensor of the parameter section (docs/model-files.md, "Parameter section"): its state-dict name
/// (string), rank u8, each dimension u32, then the elements as float32, row-major. Biases and anything else that no
/// pruning constrains are kept exactly; only float32 tensors can be stored.
/// </summary>
public sealed record ParameterEntry(string Name, long[] Shape, float[] Values)
{
    /// <summary>Bytes the entry takes: the name's string bytes + 1 + 4 per dimension + 4 per element.</summary>
    public long Bytes => ByteSink.StringBytes(Name) + 1 + 4L * Shape.Length + 4L * Values.Length;

    public static ParameterEntry Of(string name, Tensor t)
    {
        if (t.dtype != ScalarType.Float32)
            throw new KitException($"parameter '{name}' is {t.dtype}; the model file stores non-prunable parameters as float32 only");
        return new ParameterEntry(name, t.shape, TensorValues.ToArray(t));
    }

    internal void Write(ByteSink sink)
    {
        sink.String(Name);
        sink.U8(Shape.Length);
        foreach (var d in Shape) sink.U32(d);
        foreach (var v in Values) sink.F32(v);
    }

    internal static ParameterEntry Read(ByteCursor c)
    {
        var name = c.String("parameter name");
        int rank = c.U8("rank");
        var shape = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = c.U32("dimension");
            count *= shape[i];
            if (count > int.MaxValue) throw new InvalidDataException($"parameter '{name}': shape [{string.Join(", ", shape[..(i + 1)])}] is too large");
        }
        return new ParameterEntry(name, shape, c.F32s(count, $"parameter '{name}'"));
    }
}
