using CsCheck;
using Xunit.Abstractions;
using Kit.Costs;
using Kit.Experiments;
using Kit.IO;
using Kit.Models;

namespace Kit.Tests.Resilience;

/// <summary>
/// Property: whatever is wrong with a spec or a mask file, reading and validating it fails only with a KitException
/// whose message names the file or the mutated field (the changed property or one of the properties above it),
/// never with another exception (a crash with a stack trace). Mutants that cannot be valid must be rejected:
/// every truncation (not JSON), and every renamed property (specs and mask files are read strictly).
/// </summary>
[Collection("torch")]
public class MalformedInputPropertyTests(ITestOutputHelper output)
{
    static readonly Gen<(JsonMutation.Kind kind, int target, int value)> Mutations =
        Gen.Select(Gen.Enum<JsonMutation.Kind>(), Gen.Int[0, 100_000], Gen.Int[0, 1000]);

    /// <summary>How the kit reads a compression spec before anything runs: strict JSON, validation, checks against the model.</summary>
    static void LoadSpec(string text, KitModel model)
    {
        var spec = Json.Parse<CompressionSpec>(text, "spec.json", strict: true);
        spec.Validate();
        spec.Validate(model);
    }

    /// <summary>Runs <paramref name="load"/> on a mutant; returns whether it was rejected.</summary>
    static bool AssertClearFailure(Action load, string source, JsonMutation.Mutant m)
    {
        string what = $"{m.Kind} at {string.Join(".", m.Path)}\ninput: {m.Text}";
        try { load(); }
        catch (KitException e)
        {
            Assert.True(e.Message.Contains(source) || m.Path.Any(f => e.Message.Contains(f)),
                $"message names neither the file nor the mutated field: {e.Message}\n{what}");
            Assert.DoesNotContain('\n', e.Message);
            return true;
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} instead of a KitException: {e.Message}\n{what}");
        }
        Assert.False(m.Kind == JsonMutation.Kind.Truncate, $"a truncated document was accepted\n{what}");
        Assert.False(m.RenamedProperty, $"an unknown property was accepted\n{what}");
        return false;
    }

    public static int SpecCases, SpecErrors, MaskCases, MaskErrors;

    [Fact]
    public void Malformed_compression_specs_fail_with_a_message_naming_a_field_or_the_file()
    {
        using var model = ModelRegistry.Create("lenet5", TorchFixture.Info, 1);
        var sources = new[] { TinyRuns.CompressJson, Json.Serialize(SpecGrid.LeNet5().First(s => s.Name.Contains("filter_column"))) };
        Gen.Select(Gen.Int[0, sources.Length - 1], Mutations).Sample(t =>
        {
            var (src, (kind, target, value)) = t;
            var m = JsonMutation.Mutate(sources[src], kind, target, value);
            Interlocked.Increment(ref SpecCases);
            if (AssertClearFailure(() => LoadSpec(m.Text, model), "spec.json", m)) Interlocked.Increment(ref SpecErrors);
        }, iter: 3000, threads: 1);
        output.WriteLine($"specs: {SpecCases} malformed variants, {SpecErrors} rejected with a KitException, the rest valid");
    }

    [Fact]
    public void Malformed_mask_files_fail_with_a_message_naming_a_field_or_the_file()
    {
        var sources = new[]
        {
            """{"shape":[4,6],"nonzero":[0,3,7,11,23],"name":"conv"}""",
            """{"layers":[{"name":"conv1","shape":[2,9],"nonzero":[0,5,17],"consumer":"fc","consumer_columns_per_output":4,"output_positions":16},{"name":"fc","shape":[3,8],"nonzero":[1,2,23]}]}""",
        };
        Gen.Select(Gen.Int[0, sources.Length - 1], Mutations).Sample(t =>
        {
            var (src, (kind, target, value)) = t;
            var m = JsonMutation.Mutate(sources[src], kind, target, value);
            Interlocked.Increment(ref MaskCases);
            if (AssertClearFailure(() => MaskFile.Parse(m.Text, "mask.json"), "mask.json", m)) Interlocked.Increment(ref MaskErrors);
        }, iter: 3000, threads: 1);
        output.WriteLine($"mask files: {MaskCases} malformed variants, {MaskErrors} rejected with a KitException, the rest valid");
    }
}
