using static TorchSharp.torch;

namespace Kit.Data;

/// <summary>
/// CIFAR-10 binary version: each record is 1 label byte then 3072 pixel bytes (1024 R, 1024 G, 1024 B,
/// row-major 32x32). Training = data_batch_1..5.bin, test = test_batch.bin. Not shipped; read when a
/// user puts the files under data/cifar-10-batches-bin/.
/// </summary>
internal static class Cifar10Reader
{
    public const int RecordBytes = 1 + 3 * 32 * 32;

    public static Dataset ReadBatches(IReadOnlyList<string> files, string name)
    {
        var labels = new List<long>();
        var pixels = new List<float>();
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new DataFormatException(f, "file not found");
            var bytes = File.ReadAllBytes(f);
            if (bytes.Length == 0) throw new DataFormatException(f, "empty file");
            if (bytes.Length % RecordBytes != 0)
                throw new DataFormatException(f, $"length {bytes.Length} is not a multiple of the {RecordBytes}-byte CIFAR-10 record (truncated or not CIFAR-10 binary)");
            for (int r = 0; r < bytes.Length / RecordBytes; r++)
            {
                int o = r * RecordBytes;
                if (bytes[o] > 9) throw new DataFormatException(f, $"record {r} has label {bytes[o]}, outside 0..9");
                labels.Add(bytes[o]);
                for (int i = 1; i < RecordBytes; i++) pixels.Add(bytes[o + i] / 255f);
            }
        }
        return new Dataset(name, tensor(pixels.ToArray(), [labels.Count, 3, 32, 32]), tensor(labels.ToArray(), [labels.Count]), 10);
    }

    public static (Dataset train, Dataset test) Load(string folder)
    {
        var train = ReadBatches(Enumerable.Range(1, 5).Select(i => Path.Combine(folder, $"data_batch_{i}.bin")).ToList(), "cifar10/train");
        try { return (train, ReadBatches([Path.Combine(folder, "test_batch.bin")], "cifar10/test")); }
        catch { train.Dispose(); throw; }
    }
}
