namespace Kit.Export;

/// <summary>
/// One layer section (docs/model-files.md, "Layer section"): name (string), rows u32, columns u32, b u8, k u8,
/// flags u8 (bit 0: zero code, bit 1: values Huffman-coded), nonzeros u32, entries u32, payload bits u64, level count
/// u32, the levels as float32, with flag bit 2 the row levels (<see cref="RowLevels"/>), then the payload:
/// ceil(payload bits / 8) bytes, the last one zero-padded.
/// </summary>
internal static class LayerSection
{
    public const int ZeroCodeFlag = 1, ValuesHuffmanFlag = 2, RowLevelsFlag = 4;

    /// <summary>Bytes before the level table and payload: 31 + the name's string bytes.</summary>
    public static long FixedBytes(string name) => ByteSink.StringBytes(name) + 4 + 4 + 1 + 1 + 1 + 4 + 4 + 8 + 4;

    public static void Write(ByteSink sink, LayerPlan plan, ValueCodes codes, RowLevels? rows, byte[] payload)
    {
        sink.String(plan.Name);
        sink.U32(plan.Rows);
        sink.U32(plan.Columns);
        sink.U8(plan.Bits);
        sink.U8(plan.IndexBits);
        sink.U8((plan.ZeroCode ? ZeroCodeFlag : 0) | (plan.ValuesHuffman ? ValuesHuffmanFlag : 0) | (rows is null ? 0 : RowLevelsFlag));
        sink.U32(plan.Nonzeros);
        sink.U32(plan.Entries);
        sink.U64(plan.PayloadBits);
        sink.U32(codes.Levels.Length);
        foreach (var l in codes.Levels) sink.F32(l);
        rows?.Write(sink);
        sink.Bytes(payload);
    }

    /// <summary>Reads a section's header and level tables; returns the plan, the codes, the row levels (null without) and the payload's byte offset.</summary>
    public static (LayerPlan plan, ValueCodes codes, RowLevels? rows, int payloadStart) Read(ByteCursor c)
    {
        var name = c.String("layer name");
        long rows = c.U32("rows"), cols = c.U32("columns");
        int bits = c.U8("b"), k = c.U8("k"), flags = c.U8("flags");
        long nnz = c.U32("nonzeros"), entries = c.U32("entries");
        ulong payloadBits = c.U64("payload bits");
        long levels = c.U32("level count");
        if (rows < 1 || cols < 1 || rows * cols > int.MaxValue) throw new InvalidDataException($"shape {rows}x{cols} is not a layer shape");
        if (bits is < 1 or > ValueCodes.RawBits) throw new InvalidDataException($"b = {bits} is out of range (1..32)");
        if ((flags & ~(ZeroCodeFlag | ValuesHuffmanFlag | RowLevelsFlag)) != 0) throw new InvalidDataException($"unknown flag bits 0x{flags:X2}");
        if (nnz > rows * cols) throw new InvalidDataException($"{nnz} nonzeros in a {rows}x{cols} layer");
        if (payloadBits > (ulong)c.Left * 8) throw new InvalidDataException($"payload of {payloadBits} bits is longer than the rest of the file");
        if (bits < ValueCodes.RawBits && levels > 1L << bits) throw new InvalidDataException($"{levels} levels do not fit in b = {bits} bits");
        var codes = ValueCodes.FromTable(bits, (flags & ZeroCodeFlag) != 0, c.F32s(levels, "level table"));
        RowLevels? rowLevels = null;
        if ((flags & RowLevelsFlag) != 0)
        {
            if (bits == ValueCodes.RawBits) throw new InvalidDataException("row levels with b = 32 (raw floats have no level table)");
            rowLevels = RowLevels.Read(c, (int)rows);
            rowLevels.CheckCanonical(codes.Levels);
        }
        var plan = new LayerPlan
        {
            Name = name, Rows = (int)rows, Columns = (int)cols, Bits = bits, IndexBits = k, ZeroCode = codes.ZeroCode,
            ValuesHuffman = (flags & ValuesHuffmanFlag) != 0, Nonzeros = nnz, Entries = entries, PayloadBits = (long)payloadBits,
        };
        int start = c.Skip((plan.PayloadBits + 7) / 8, "payload");
        return (plan, codes, rowLevels, start);
    }
}
