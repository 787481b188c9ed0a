using System.Buffers.Binary;
using System.IO.Compression;
using Kit.Data;

namespace Kit.Tests.Data;

public class IdxReaderTests
{

    internal static byte[] MakeIdx(int[] dims, byte[]? data = null, byte dtype = 0x08, int? dataLength = null)
    {
        long n = dims.Aggregate(1L, (a, d) => a * d);
        data ??= Enumerable.Range(0, (int)n).Select(i => (byte)(i % 10)).ToArray();
        int len = dataLength ?? data.Length;
        var bytes = new byte[4 + 4 * dims.Length + len];
        bytes[2] = dtype;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)dims[i]);
        Array.Copy(data, 0, bytes, 4 + 4 * dims.Length, Math.Min(len, data.Length));
        return bytes;
    }

    internal static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    [Fact]
    public void Reads_raw_and_gzipped_files_identically()
    {
        using var dir = new TempDir();
        var raw = MakeIdx([3, 28, 28]);
        File.WriteAllBytes(dir.File("a"), raw);
        File.WriteAllBytes(dir.File("a.gz"), Gzip(raw));
        var x = Kit.Data.Idx.Read(dir.File("a"), 3, [28, 28]);
        var y = Kit.Data.Idx.Read(dir.File("a.gz"), 3, [28, 28]);
        Assert.Equal(new[] { 3, 28, 28 }, x.Dims);
        Assert.Equal(x.Data, y.Data);
    }

    static string ErrorFor(byte[] bytes, int rank = 3, int[]? inner = null, bool gzip = false)
    {
        using var dir = new TempDir();
        var path = dir.File(gzip ? "bad-images.gz" : "bad-images");
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        var e = Assert.Throws<DataFormatException>(() => Kit.Data.Idx.Read(path, rank, inner ?? [28, 28]));
        Assert.Contains("bad-images", e.Message);
        return e.Message;
    }

    [Fact]
    public void Truncated_data_is_reported_with_expected_and_actual_sizes()
    {
        var good = MakeIdx([2, 28, 28]);
        var msg = ErrorFor(good[..(good.Length - 100)]);
        Assert.Contains("truncated", msg);
        Assert.Contains("1568", msg);
    }

    [Fact]
    public void Truncated_gzip_file_is_reported()
    {
        var gz = Gzip(MakeIdx([2, 28, 28]));
        using var dir = new TempDir();
        var path = dir.File("images.gz");
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => Kit.Data.Idx.Read(path, 3, [28, 28]));
        Assert.Contains("images.gz", e.Message);
        Assert.Matches("truncated|corrupt", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_stream_is_reported()
    {
        var gz = Gzip(MakeIdx([2, 28, 28]));
        for (int i = 20; i < gz.Length - 8; i += 7) gz[i] ^= 0x5A;
        using var dir = new TempDir();
        var path = dir.File("images.gz");
        File.WriteAllBytes(path, gz);
        var e = Assert.Throws<DataFormatException>(() => Kit.Data.Idx.Read(path, 3, [28, 28]));
        Assert.Contains("images.gz", e.Message);
    }

    [Fact]
    public void Bad_magic_wrong_dtype_wrong_rank_and_wrong_dims_are_named()
    {
        var good = MakeIdx([2, 28, 28]);
        var badMagic = (byte[])good.Clone(); badMagic[0] = 0x12;
        Assert.Contains("magic", ErrorFor(badMagic));
        Assert.Contains("dtype", ErrorFor(MakeIdx([2, 28, 28], dtype: 0x0D)));
        Assert.Contains("dimensions", ErrorFor(MakeIdx([2, 784])));
        Assert.Contains("expected Nx28x28", ErrorFor(MakeIdx([2, 32, 32])));
    }

    [Fact]
    public void Trailing_bytes_and_tiny_files_are_rejected()
    {
        var good = MakeIdx([2, 28, 28]);
        Assert.Contains("trailing", ErrorFor(good.Concat(new byte[5]).ToArray()));
        Assert.Contains("truncated", ErrorFor(new byte[] { 0, 0 }));
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<DataFormatException>(() => Kit.Data.Idx.Read("no/such/file-idx3-ubyte.gz", 3));
        Assert.Contains("file-idx3-ubyte.gz", e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Images_and_labels_must_agree()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte.gz"), Gzip(MakeIdx([3, 28, 28])));
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte.gz"), Gzip(MakeIdx([4])));
        var e = Assert.Throws<DataFormatException>(() => MnistLoader.LoadPair(dir.Path, "train", "t"));
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains("4 labels", e.Message);

        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte.gz"), Gzip(MakeIdx([3], [1, 2, 11])));
        e = Assert.Throws<DataFormatException>(() => MnistLoader.LoadPair(dir.Path, "train", "t"));
        Assert.Contains("label 11", e.Message);
    }

    [Fact]
    public void Valid_small_pair_loads_as_unit_range_floats()
    {
        using var dir = new TempDir();
        var pixels = Enumerable.Range(0, 2 * 784).Select(i => (byte)(i % 256)).ToArray();
        File.WriteAllBytes(dir.File("t10k-images-idx3-ubyte"), MakeIdx([2, 28, 28], pixels));
        File.WriteAllBytes(dir.File("t10k-labels-idx1-ubyte"), MakeIdx([2], [7, 2]));
        using var d = MnistLoader.LoadPair(dir.Path, "t10k", "t");
        Assert.Equal(new long[] { 2, 1, 28, 28 }, d.Images.shape);
        Assert.Equal(new long[] { 7, 2 }, d.Labels.data<long>().ToArray());
        Assert.Equal(255f / 255f, d.Images.max().item<float>(), 5);
        Assert.Equal(0f, d.Images.min().item<float>());
    }
}
