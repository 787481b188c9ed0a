using System.Security.Cryptography;
using Kit.Costs;
using Kit.IO;
using Kit.Models;
using Kit.Training;

namespace Kit.Export;

/// <summary>
/// Encodes a model into the kit's model file (docs/model-files.md): header, one section per prunable layer with the
/// format's payload, the non-prunable parameters as float32, a SHA-256 trailer. Every layer's payload is checked to
/// have exactly the cost model's bits. The model has one nominal b (as `kit cost model --bits b`); each layer's
/// section carries the value width the cost model used for it in this format (b, or b + 1 when the encoding stores
/// zeros and the layer's levels fill all 2^b codes, <see cref="ValueWidths"/>).
/// </summary>
public static class ModelFileWriter
{
    /// <summary>Nominal b when none is asked: the smallest of 1..16 at which every layer's levels fit, else 32 (raw float32).</summary>
    public const int MaxTableBits = 16;

    /// <summary>Writes <paramref name="outPath"/> atomically.</summary>
    public static ExportReport Write(KitModel model, CheckpointInfo source, string format, int? bits, string outPath)
    {
        var (bytes, report) = Encode(model, source, format, bits);
        AtomicFile.WriteAllBytes(outPath, bytes);
        return report;
    }

    public static (byte[] Bytes, ExportReport Report) Encode(KitModel model, CheckpointInfo source, string format, int? bits)
    {
        var codec = LayerCodecs.Get(format);
        var original = ModelMasks.From(model);
        if (bits is { } asked) ValueCodes.CheckBits(asked);
        // Row levels only where they shrink the layer (a model quantized per filter); raw float32 has no level table.
        var rowLevels = original.Select(l => bits == ValueCodes.RawBits ? null : RowLevels.Of(l)).ToList();
        var layers = original.Select((l, i) => rowLevels[i]?.Canonical ?? l).ToList();
        var (b, plans) = bits is { } given ? (given, PlansAt(codec, layers, given)) : ChooseBits(codec, layers);
        var parameters = NonPrunable(model);
        var header = new ModelFileHeader
        {
            Format = codec.Name, Architecture = model.Architecture, Dataset = source.Dataset, Classes = source.Classes,
            LayerCount = layers.Count, ParameterCount = parameters.Count,
        };
        var sink = new ByteSink();
        header.Write(sink);
        var exported = new List<ExportedLayer>();
        long written = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            var (layer, plan) = (layers[i], plans[i]);
            var codes = ValueCodes.For(layer.Name, LayerValues.Nonzero(layer), plan.Bits, plan.ZeroCode);
            var w = new BitWriter();
            codec.Encode(layer, plan, codes, w);
            written += w.BitCount;
            if (w.BitCount != plan.PayloadBits)
                throw new InvalidOperationException($"{codec.Name} encoder wrote {w.BitCount} bits for layer '{layer.Name}', the cost model says {plan.PayloadBits}");
            long start = sink.Length;
            var rows = rowLevels[i]?.Levels;
            LayerSection.Write(sink, plan, codes, rows, w.ToArray());
            long sectionBits = 8 * (sink.Length - start), levelBits = 32L * codes.Levels.Length + (rows?.Bits ?? 0), padding = (8 - plan.PayloadBits % 8) % 8;
            exported.Add(new ExportedLayer(layer.Name, [plan.Rows, plan.Columns], plan.Bits, plan.IndexBits, plan.ZeroCode, plan.ValuesHuffman, codes.Levels.Length,
                plan.Nonzeros, plan.Entries, plan.PayloadBits, sectionBits - levelBits - plan.PayloadBits - padding, levelBits, padding, rows?.PerRow ?? 0));
        }
        long paramStart = sink.Length;
        foreach (var p in parameters) p.Write(sink);
        long paramBits = 8 * (sink.Length - paramStart);
        var content = sink.ToArray();
        var bytes = new byte[content.Length + ModelFileHeader.TrailerBytes];
        content.CopyTo(bytes, 0);
        SHA256.HashData(content, bytes.AsSpan(content.Length));
        var report = new ExportReport
        {
            Format = codec.Name, Architecture = model.Architecture, Bits = b, FileBytes = bytes.Length,
            // Each plan's payload bits are the format's cost of that layer, the figure `kit cost model` sums.
            CostModelBits = plans.Sum(p => p.PayloadBits), PayloadBits = written, HeaderBits = 8 * header.Bytes,
            LayerHeaderBits = exported.Sum(l => l.SectionHeaderBits), LevelTableBits = exported.Sum(l => l.LevelTableBits),
            PaddingBits = exported.Sum(l => l.PaddingBits), ParameterBits = paramBits, ParameterValues = parameters.Sum(p => (long)p.Values.Length),
            TrailerBits = 8 * ModelFileHeader.TrailerBytes, Layers = exported,
        };
        if (report.FileBits != report.CostModelBits + report.OverheadBits)
            throw new InvalidOperationException($"file of {report.FileBits} bits != cost model {report.CostModelBits} + overhead {report.OverheadBits}");
        return (bytes, report);
    }

    /// <summary>
    /// The smallest nominal b in 1..16 at which every layer's levels fit (at most 2^b distinct nonzero values), else 32,
    /// with the layers' plans at that b. The cost model widens a layer to b + 1 where the format stores zeros and the
    /// levels fill all 2^b codes, so every plan's level table then fits its own width.
    /// </summary>
    public static (int Bits, List<LayerPlan> Plans) ChooseBits(ILayerCodec codec, IReadOnlyList<CostLayer> layers)
    {
        var distinct = layers.Select(l => LayerValues.Nonzero(l).Select(BitConverter.SingleToInt32Bits).Distinct().Count()).ToArray();
        for (int b = 1; b <= MaxTableBits; b++)
        {
            // Planning runs the cost model (the k search): skip the widths that cannot hold the levels at all.
            if (distinct.Any(d => d > 1L << b)) continue;
            var plans = PlansAt(codec, layers, b);
            if (plans.Select((p, i) => ValueCodes.Fits(distinct[i], p.ZeroCode, p.Bits)).All(x => x)) return (b, plans);
        }
        return (ValueCodes.RawBits, PlansAt(codec, layers, ValueCodes.RawBits));
    }

    static List<LayerPlan> PlansAt(ILayerCodec codec, IReadOnlyList<CostLayer> layers, int bits) =>
        [.. layers.Select(l => codec.Plan(l, bits) ?? throw new KitException(
            $"format {codec.Name} cannot hold layer '{l.Name}' (some group has more nonzeros than the format stores)"))];

    static List<ParameterEntry> NonPrunable(KitModel model)
    {
        var prunable = model.PrunableLayers.Select(l => l.Weight.Handle).ToHashSet();
        return [.. model.state_dict().Where(kv => !prunable.Contains(kv.Value.Handle)).Select(kv => ParameterEntry.Of(kv.Key, kv.Value))];
    }
}
