using System.Security.Cryptography;
using Kit.Data;
using Kit.IO;
using Kit.Models;
using Kit.Training;
using static TorchSharp.torch;

namespace Kit.Export;

/// <summary>A layer read back from a model file: its section header and its row-major R x C weights.</summary>
public sealed record DecodedLayer(LayerPlan Plan, float[] Weights);

/// <summary>Everything a model file holds, decoded and checked, before any model is built.</summary>
public sealed record DecodedModelFile(ModelFileHeader Header, IReadOnlyList<DecodedLayer> Layers, IReadOnlyList<ParameterEntry> Parameters);

/// <summary>
/// Reads a model file (docs/model-files.md). Every check runs before a model is built: magic, version, the SHA-256
/// trailer, each section's fields and payload, then the architecture's layer shapes and parameter names. A problem is
/// one KitException naming the file and the place; nothing is loaded.
/// </summary>
public static class ModelFileReader
{
    /// <summary>The header alone, after the magic, version and trailer checks.</summary>
    public static ModelFileHeader ReadHeader(string path)
    {
        var data = ReadChecked(path);
        try { return ModelFileHeader.Read(new ByteCursor(data, data.Length - ModelFileHeader.TrailerBytes)); }
        catch (InvalidDataException e) { throw new KitException($"{path}: header: {e.Message}"); }
    }

    static byte[] ReadChecked(string path)
    {
        if (!File.Exists(path)) throw new KitException($"{path}: model file not found");
        var data = File.ReadAllBytes(path);
        try
        {
            if (!ModelFileHeader.HasMagic(data))
                throw new InvalidDataException($"not a kit model file (starts with {Convert.ToHexString(data.AsSpan(0, Math.Min(4, data.Length)))}, expected 'KITM')");
            if (data.Length < 6) throw new InvalidDataException("file ends early: no version");
            int version = data[4] | data[5] << 8;
            if (version != ModelFileHeader.CurrentVersion) throw new InvalidDataException($"version {version} is not supported (this kit reads {ModelFileHeader.CurrentVersion})");
            int end = data.Length - ModelFileHeader.TrailerBytes;
            if (end < 6 || !SHA256.HashData(data.AsSpan(0, end)).AsSpan().SequenceEqual(data.AsSpan(end)))
                throw new InvalidDataException($"corrupt or truncated: the SHA-256 of the content does not match the {ModelFileHeader.TrailerBytes}-byte trailer");
            return data;
        }
        catch (InvalidDataException e) { throw new KitException($"{path}: header: {e.Message}"); }
    }

    public static DecodedModelFile Decode(string path)
    {
        var data = ReadChecked(path);
        string where = "header";
        try
        {
            var c = new ByteCursor(data, data.Length - ModelFileHeader.TrailerBytes);
            var header = ModelFileHeader.Read(c);
            var codec = LayerCodecs.All.FirstOrDefault(x => x.Name == header.Format)
                ?? throw new InvalidDataException($"unknown format '{header.Format}' (known: {string.Join(", ", LayerCodecs.Names)})");
            var layers = new List<DecodedLayer>();
            for (int i = 0; i < header.LayerCount; i++)
            {
                where = $"layer {i}";
                var (plan, codes, rows, start) = LayerSection.Read(c);
                where = $"layer {i} '{plan.Name}'";
                var weights = DecodeLayer(codec, plan, codes, data, start);
                rows?.Restore(weights, plan.Columns);
                layers.Add(new DecodedLayer(plan, weights));
            }
            var parameters = new List<ParameterEntry>();
            for (int i = 0; i < header.ParameterCount; i++)
            {
                where = $"parameter {i}";
                parameters.Add(ParameterEntry.Read(c));
            }
            where = "end";
            if (c.Left != 0) throw new InvalidDataException($"{c.Left} unexpected bytes before the trailer");
            return new DecodedModelFile(header, layers, parameters);
        }
        catch (InvalidDataException e) { throw new KitException($"{path}: {where}: {e.Message}"); }
    }

    static float[] DecodeLayer(ILayerCodec codec, LayerPlan plan, ValueCodes codes, byte[] data, int start)
    {
        if (codec.HasIndexBits ? plan.IndexBits is < 1 or > Costs.GapHistogram.MaxIndexBits : plan.IndexBits != 0)
            throw new InvalidDataException($"k = {plan.IndexBits} is out of range for format {codec.Name} ({(codec.HasIndexBits ? "1..16" : "0: it has no index field")})");
        if (plan.ValuesHuffman && codec is not HuffmanRelativeCodec) throw new InvalidDataException($"the values-Huffman flag is set, but format {codec.Name} has no Huffman values");
        var reader = new BitReader(data, 8L * start, plan.PayloadBits);
        var weights = new float[plan.Weights];
        codec.Decode(plan, codes, reader, weights);
        if (reader.BitsLeft != 0) throw new InvalidDataException($"{reader.BitsLeft} payload bits left over after the last entry");
        int pad = (int)((8 - plan.PayloadBits % 8) % 8);
        if (pad > 0 && (data[start + plan.PayloadBits / 8] & ((1 << pad) - 1)) != 0) throw new InvalidDataException("padding bits are not zero");
        long nnz = weights.LongCount(w => w != 0);
        if (nnz != plan.Nonzeros) throw new InvalidDataException($"the payload holds {nnz} nonzero weights, the header says {plan.Nonzeros}");
        return weights;
    }

    /// <summary>Builds the architecture the file names and loads its weights; torch must be started.</summary>
    public static (KitModel Model, CheckpointInfo Info) Load(string path)
    {
        var file = Decode(path);
        var h = file.Header;
        if (!ModelRegistry.Contains(h.Architecture)) throw new KitException($"{path}: header: unknown architecture '{h.Architecture}' (known: {string.Join(", ", ModelRegistry.Names)})");
        if (!DatasetRegistry.Names.Contains(h.Dataset, StringComparer.OrdinalIgnoreCase)) throw new KitException($"{path}: header: unknown dataset '{h.Dataset}'");
        var model = ModelRegistry.Create(h.Architecture, DatasetRegistry.Info(h.Dataset, h.Classes), 0);
        try
        {
            Fill(model, file, path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return (model, ModelLoader.ReadInfo(path));
    }

    /// <summary>Loads the file's weights into an existing model (the file must name the model's architecture); torch must be started.</summary>
    public static void LoadInto(KitModel model, string path)
    {
        var file = Decode(path);
        if (!string.Equals(file.Header.Architecture, model.Architecture, StringComparison.OrdinalIgnoreCase))
            throw new KitException($"{path}: the file holds a {file.Header.Architecture}, not a {model.Architecture}");
        Fill(model, file, path);
    }

    /// <summary>Checks every layer and parameter against the model, then copies them in (so a mismatch changes nothing).</summary>
    static void Fill(KitModel model, DecodedModelFile file, string path)
    {
        var arch = model.PrunableLayers;
        if (file.Layers.Count != arch.Count)
            throw new KitException($"{path}: {file.Layers.Count} layer sections, but {model.Architecture} has {arch.Count} prunable layers ({string.Join(", ", arch.Select(l => l.Name))})");
        for (int i = 0; i < arch.Count; i++)
        {
            var (p, a) = (file.Layers[i].Plan, arch[i]);
            if (p.Name != a.Name || p.Rows != a.Rows || p.Columns != a.Columns)
                throw new KitException($"{path}: layer {i} '{p.Name}' is {p.Rows}x{p.Columns}, but {model.Architecture}'s layer {i} is '{a.Name}' {a.Rows}x{a.Columns}");
        }
        var prunable = arch.Select(l => l.Weight.Handle).ToHashSet();
        var state = model.state_dict().Where(kv => !prunable.Contains(kv.Value.Handle)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var seen = new HashSet<string>();
        foreach (var p in file.Parameters)
        {
            if (!state.TryGetValue(p.Name, out var t)) throw new KitException($"{path}: parameter '{p.Name}' is not a non-prunable parameter of {model.Architecture}");
            if (!seen.Add(p.Name)) throw new KitException($"{path}: parameter '{p.Name}' appears twice");
            if (!t.shape.SequenceEqual(p.Shape)) throw new KitException($"{path}: parameter '{p.Name}' has shape [{string.Join(", ", p.Shape)}], {model.Architecture} expects [{string.Join(", ", t.shape)}]");
        }
        if (state.Keys.FirstOrDefault(k => !seen.Contains(k)) is { } missing) throw new KitException($"{path}: parameter '{missing}' of {model.Architecture} is missing");
        using var _ = no_grad();
        for (int i = 0; i < arch.Count; i++)
        {
            using var w = tensor(file.Layers[i].Weights, arch[i].TensorShape);
            arch[i].Weight.copy_(w);
        }
        foreach (var p in file.Parameters)
        {
            using var v = tensor(p.Values, p.Shape);
            state[p.Name].copy_(v);
        }
    }
}
