using CsCheck;
using Kit.Export;

namespace Kit.Tests.Export;

/// <summary>The documented bit order (most significant bit first, bytes filled from bit 7) and round trips of random fields.</summary>
public class BitIoTests
{
    [Fact]
    public void Fields_are_written_most_significant_bit_first_from_bit_7()
    {
        var w = new BitWriter();
        w.Write(1, 1);        // 1
        w.Write(0b010, 3);    // 010
        w.Write(0xABC, 12);   // 1010 1011 1100
        w.Write(0b11, 2);     // 11, then 6 zero padding bits
        Assert.Equal(18, w.BitCount);
        // 1010 1010 | 1011 1100 | 11 000000
        Assert.Equal(new byte[] { 0xAA, 0xBC, 0xC0 }, w.ToArray());

        var r = new BitReader(w.ToArray(), 0, 18);
        Assert.Equal(1UL, r.Read(1));
        Assert.Equal(0b010UL, r.Read(3));
        Assert.Equal(0xABCUL, r.Read(12));
        Assert.Equal(0b11UL, r.Read(2));
        Assert.Equal(0, r.BitsLeft);
    }

    [Fact]
    public void Reading_past_the_payload_is_invalid_data()
    {
        var r = new BitReader([0xFF, 0xFF], 3, 10);
        r.Read(8);
        Assert.Throws<InvalidDataException>(() => r.Read(3));
        Assert.Throws<InvalidDataException>(() => new BitReader([0xFF], 4, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitWriter().Write(4, 2));
    }

    [Fact]
    public void Random_fields_round_trip()
    {
        Gen.Select(Gen.Int[0, 64], Gen.ULong).Array[0, 50].Sample(fields =>
        {
            var w = new BitWriter();
            foreach (var (n, v) in fields) w.Write(n == 64 ? v : v & ((1UL << n) - 1), n);
            Assert.Equal(fields.Sum(f => (long)f.Item1), w.BitCount);
            var bytes = w.ToArray();
            Assert.Equal((w.BitCount + 7) / 8, bytes.Length);
            var r = new BitReader(bytes, 0, w.BitCount);
            foreach (var (n, v) in fields) Assert.Equal(n == 64 ? v : v & ((1UL << n) - 1), r.Read(n));
        });
    }
}
