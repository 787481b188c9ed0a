using Kit.Docs;
using Kit.Tests.Experiments;

namespace Kit.Tests.Docs;

/// <summary>The README and docs quote the committed results only through generated blocks, and every block is what
/// `kit docs update` renders from the committed files now (the test form of `kit docs check`).</summary>
public class DocsCheckTests
{
    [Fact]
    public void Every_generated_block_of_the_readme_and_docs_is_current()
    {
        var root = SpecTests.RepoRoot();
        var plan = DocsUpdate.Plan(DocsUpdate.DefaultFiles(root), root);
        var stale = plan.SelectMany(d => d.Blocks.Where(b => b.Stale).Select(b => $"{Path.GetRelativePath(root, d.File)}:{b.Block.Line}: {b.Block.Label}")).ToList();
        Assert.True(stale.Count == 0, $"stale generated blocks (run ./kit docs update): {string.Join("; ", stale)}");
    }

    [Fact]
    public void Every_registered_kind_is_quoted_somewhere()
    {
        // A kind no file quotes is dead code, or a marker that drifted from the registry's form.
        var root = SpecTests.RepoRoot();
        var used = DocsUpdate.Plan(DocsUpdate.DefaultFiles(root), root).SelectMany(d => d.Blocks).Select(b => b.Block.Kind.Name).ToHashSet();
        Assert.Equal(GeneratedBlocks.All.Select(k => k.Name).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }
}
