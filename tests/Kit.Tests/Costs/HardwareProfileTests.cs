using Kit.Costs;
using Kit.IO;

namespace Kit.Tests.Costs;

public class HardwareProfileTests
{
    static readonly HardwareProfile Valid = new() { Name = "v", TMacNs = 1 };

    [Fact]
    public void TimesAreLinearInTheBitWidth()
    {
        var p = new HardwareProfile { Name = "p", TMacNs = 1, TMacNsPerBit = 0.5, TIdxNs = 2, TIdxNsPerBit = 0.25 };
        Assert.Equal(3, p.TMac(4));     // 1 + 0.5 * 4
        Assert.Equal(4, p.TIdx(8));     // 2 + 0.25 * 8
    }

    [Theory]
    [InlineData("t_mac_ns")]
    [InlineData("t_mac_ns_per_bit")]
    [InlineData("t_idx_ns")]
    [InlineData("t_idx_ns_per_bit")]
    [InlineData("t_gather_ns")]
    [InlineData("t_fixed_ns")]
    public void ValidationNamesTheBadField(string field)
    {
        foreach (var bad in new[] { -1.0, double.NaN, double.PositiveInfinity })
        {
            var p = field switch
            {
                "t_mac_ns" => Valid with { TMacNs = bad },
                "t_mac_ns_per_bit" => Valid with { TMacNsPerBit = bad },
                "t_idx_ns" => Valid with { TIdxNs = bad },
                "t_idx_ns_per_bit" => Valid with { TIdxNsPerBit = bad },
                "t_gather_ns" => Valid with { TGatherNs = bad },
                _ => Valid with { TFixedNs = bad },
            };
            var e = Assert.Throws<KitException>(() => p.Validate("prof.json"));
            Assert.StartsWith($"prof.json: \"{field}\" must be a finite number >= 0", e.Message);
        }
    }

    [Fact]
    public void ValidationOfNameLambdaAndMacTime()
    {
        Valid.Validate("x");
        (Valid with { Lambda = 1 }).Validate("x");
        (new HardwareProfile { Name = "bits", TMacNsPerBit = 0.1 }).Validate("x");
        Assert.Equal("x: profile needs a \"name\"", Assert.Throws<KitException>(() => (Valid with { Name = " " }).Validate("x")).Message);
        Assert.Throws<KitException>(() => new HardwareProfile { TMacNs = 1 }.Validate("x"));   // the default name is empty
        Assert.Contains("\"lambda\" must be >= 1", Assert.Throws<KitException>(() => (Valid with { Lambda = double.NaN }).Validate("x")).Message);
        Assert.Contains("\"lambda\"", Assert.Throws<KitException>(() => (Valid with { Lambda = double.PositiveInfinity }).Validate("x")).Message);
        Assert.Equal("x: t_mac(b) must be positive", Assert.Throws<KitException>(() => new HardwareProfile { Name = "zero" }.Validate("x")).Message);
    }

    [Fact]
    public void BuiltInProfilesAreNamedDescribedAndValid()
    {
        Assert.Equal(["cpu-illustrative", "accelerator-illustrative"], HardwareProfile.BuiltIn.Select(p => p.Name));
        foreach (var p in HardwareProfile.BuiltIn)
        {
            Assert.Contains("illustrative", p.Description);
            p.Validate(p.Name);
            Assert.Same(p, HardwareProfile.Resolve(p.Name.ToUpperInvariant()));
        }
    }

    [Fact]
    public void ResolveReadsAndValidatesAFile()
    {
        var dir = Directory.CreateTempSubdirectory("kit-profile-");
        try
        {
            var good = Path.Combine(dir.FullName, "good.json");
            File.WriteAllText(good, """{"name":"mine","t_mac_ns":0.5,"lambda":2}""");
            var p = HardwareProfile.Resolve(good);
            Assert.Equal(new HardwareProfile { Name = "mine", TMacNs = 0.5, Lambda = 2 }, p);
            Assert.Equal("", p.Description);   // optional in the file
            var bad = Path.Combine(dir.FullName, "bad.json");
            File.WriteAllText(bad, """{"name":"mine","t_mac_ns":0.5,"lambda":0.5}""");
            Assert.StartsWith(bad + ": \"lambda\"", Assert.Throws<KitException>(() => HardwareProfile.Resolve(bad)).Message);
        }
        finally { dir.Delete(true); }
        var e = Assert.Throws<KitException>(() => HardwareProfile.Resolve("no-such-profile"));
        Assert.Equal("profile 'no-such-profile' is neither a built-in profile (cpu-illustrative, accelerator-illustrative) nor a file", e.Message);
    }
}
