using CsCheck;
using Kit.Export;

namespace Kit.Tests.Export;

/// <summary>
/// Damaged or mismatched model files: one KitException whose one-line message names the file and the problem, and no
/// model comes back. Fields are edited by the documented layout (<see cref="DocLayout"/>) and the trailer recomputed,
/// so the edited field itself is what the reader meets.
/// </summary>
[Collection("torch")]
public class BadInputTests
{
    static byte[] Exported(string format)
    {
        using var model = ExportTestModels.PrunedQuantized("lenet5", seed: 2, bits: 3, density: 0.02);
        return ModelFileWriter.Encode(model, ExportTestModels.Info, format, null).Bytes;
    }

    static string Fails(byte[] bytes, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.kitm");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<KitException>(() => ModelFileReader.Load(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void Truncated_or_bit_flipped_files_fail_the_trailer_check()
    {
        var f = Exported("relative");
        Fails(f[..^100], "corrupt or truncated: the SHA-256 of the content does not match");
        Fails(f[..10], "corrupt or truncated");
        var flipped = (byte[])f.Clone();
        flipped[f.Length / 2] ^= 0x10;
        Fails(flipped, "corrupt or truncated");
    }

    [Fact]
    public void Wrong_magic_or_version()
    {
        var f = Exported("bitmask");
        var wrong = (byte[])f.Clone();
        wrong[3] = (byte)'X';
        Fails(wrong, "not a kit model file (starts with 4B495458, expected 'KITM')");
        var v2 = (byte[])f.Clone();
        v2[4] = 2;
        DocLayout.Rehash(v2);
        Fails(v2, "version 2 is not supported (this kit reads 1)");

        // Through the shared loader, a file that is neither kind is named as such.
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("x.kitm"), wrong);
        var e = Assert.Throws<KitException>(() => ModelLoader.Load(dir.File("x.kitm")));
        Assert.Equal($"{dir.File("x.kitm")}: neither a kit model file (no 'KITM' magic) nor a checkpoint (no sidecar {dir.File("x.json")})", e.Message);
    }

    [Theory]
    [InlineData("relative", 0, "layer 0 'conv1': k = 0 is out of range for format relative (1..16)")]
    [InlineData("relative", 17, "layer 0 'conv1': k = 17 is out of range for format relative (1..16)")]
    [InlineData("csc", 200, "layer 0 'conv1': k = 200 is out of range for format csc (1..16)")]
    [InlineData("dense", 3, "layer 0 'conv1': k = 3 is out of range for format dense (0: it has no index field)")]
    public void Index_bits_out_of_range(string format, int k, string expected)
    {
        var f = Exported(format);
        f[DocLayout.Walk(f).Layers[0].KAt] = (byte)k;
        DocLayout.Rehash(f);
        Fails(f, expected);
    }

    [Theory]
    [InlineData(0, "layer 0: b = 0 is out of range (1..32)")]
    [InlineData(33, "layer 0: b = 33 is out of range (1..32)")]
    [InlineData(2, "layer 0: 7 levels do not fit in b = 2 bits")]
    public void Value_bits_out_of_range(int b, string expected)
    {
        var f = Exported("bitmask");
        var doc = DocLayout.Walk(f);
        Assert.Equal(7, doc.Layers[0].Levels); // conv1's few random weights use 7 of the 8 levels
        f[doc.Layers[0].BAt] = (byte)b;
        DocLayout.Rehash(f);
        Fails(f, expected);
    }

    [Fact]
    public void Layer_shape_that_does_not_match_the_architecture()
    {
        // bitmask payloads depend on R*C only, so 25x20 decodes; the architecture check then refuses it.
        var f = Exported("bitmask");
        var at = DocLayout.Walk(f).Layers[0].RowsAt;
        (f[at], f[at + 4]) = (25, 20);
        DocLayout.Rehash(f);
        Fails(f, "layer 0 'conv1' is 25x20, but lenet5's layer 0 is 'conv1' 20x25");
    }

    [Fact]
    public void Random_corruption_gives_only_named_errors()
    {
        var f = Exported("relative_huffman");
        using var dir = new TempDir();
        var path = dir.File("m.kitm");
        int rejected = 0;
        // Byte edits anywhere before the trailer, trailer recomputed: only a KitException naming the file may come out.
        Gen.Select(Gen.Int[0, f.Length - 33], Gen.Byte, Gen.Int[1, 3]).Array[1, 4].Sample(edits =>
        {
            var g = (byte[])f.Clone();
            foreach (var (at, value, _) in edits) g[at] = value;
            DocLayout.Rehash(g);
            File.WriteAllBytes(path, g);
            try { ModelFileReader.Decode(path); }
            catch (KitException e)
            {
                Assert.StartsWith(path + ": ", e.Message);
                rejected++;
            }
        }, iter: 150, threads: 1);
        Assert.True(rejected > 50, $"only {rejected} of 150 corrupted files were rejected");
    }
}
