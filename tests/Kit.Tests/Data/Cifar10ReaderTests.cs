using Kit.Data;

namespace Kit.Tests.Data;

public class Cifar10ReaderTests
{
    static byte[] Records(params byte[] labels)
    {
        var bytes = new byte[labels.Length * Cifar10Reader.RecordBytes];
        for (int r = 0; r < labels.Length; r++)
        {
            int o = r * Cifar10Reader.RecordBytes;
            bytes[o] = labels[r];
            for (int i = 1; i < Cifar10Reader.RecordBytes; i++) bytes[o + i] = (byte)((r * 31 + i) % 256);
        }
        return bytes;
    }

    [Fact]
    public void Reads_records_as_planar_rgb()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("data_batch_1.bin"), Records(3, 9));
        File.WriteAllBytes(dir.File("data_batch_2.bin"), Records(0));
        using var d = Cifar10Reader.ReadBatches([dir.File("data_batch_1.bin"), dir.File("data_batch_2.bin")], "c");
        Assert.Equal(new long[] { 3, 3, 32, 32 }, d.Images.shape);
        Assert.Equal(new long[] { 3, 9, 0 }, d.Labels.data<long>().ToArray());
        // Record 0, first byte of the green plane is byte 1 + 1024 of the record.
        Assert.Equal((1 + 1024) % 256 / 255f, d.Images[0, 1, 0, 0].item<float>(), 5);
        // Record 1, last blue pixel.
        Assert.Equal((31 + 3072) % 256 / 255f, d.Images[1, 2, 31, 31].item<float>(), 5);
    }

    [Fact]
    public void Loads_a_full_folder_layout()
    {
        using var dir = new TempDir();
        for (int i = 1; i <= 5; i++) File.WriteAllBytes(dir.File($"data_batch_{i}.bin"), Records((byte)i, 0));
        File.WriteAllBytes(dir.File("test_batch.bin"), Records(4));
        var (train, test) = Cifar10Reader.Load(dir.Path);
        using (train) using (test)
        {
            Assert.Equal(10, train.Count);
            Assert.Equal(1, test.Count);
        }
    }

    [Fact]
    public void Truncated_file_bad_label_and_missing_batch_are_named()
    {
        using var dir = new TempDir();
        var good = Records(1, 2);
        File.WriteAllBytes(dir.File("data_batch_1.bin"), good[..(good.Length - 10)]);
        var e = Assert.Throws<DataFormatException>(() => Cifar10Reader.ReadBatches([dir.File("data_batch_1.bin")], "c"));
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains("3073", e.Message);

        File.WriteAllBytes(dir.File("data_batch_1.bin"), Records(1, 12));
        e = Assert.Throws<DataFormatException>(() => Cifar10Reader.ReadBatches([dir.File("data_batch_1.bin")], "c"));
        Assert.Contains("label 12", e.Message);

        e = Assert.Throws<DataFormatException>(() => Cifar10Reader.Load(dir.Path));
        Assert.Contains("data_batch_1.bin", e.Message);
    }
}
