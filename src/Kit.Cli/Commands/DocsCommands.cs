using System.CommandLine;
using Kit.Docs;
using static Kit.Cli.Commands.CliSupport;

namespace Kit.Cli.Commands;

/// <summary>`kit docs update|check`: every generated block of the README and docs rendered from the committed results in one
/// command (the registry <see cref="GeneratedBlocks"/>), instead of one `--into` command per block.</summary>
public static class DocsCommands
{
    public static IEnumerable<Command> Create()
    {
        var docs = new Command("docs", "the generated blocks of README.md and docs/*.md (`<!-- kit NAME: begin ... -->`), rendered from the committed files under results/ and specs/");
        docs.Subcommands.Add(Update());
        docs.Subcommands.Add(Check());
        yield return docs;
    }

    static Argument<string[]> Files() => new("FILES") { Description = "markdown files (default: README.md and docs/*.md under --root)", Arity = ArgumentArity.ZeroOrMore };
    static Option<string> Root() => new("--root") { Description = "the repository whose committed files the blocks render from", DefaultValueFactory = _ => "." };

    static Command Update()
    {
        var (files, root) = (Files(), Root());
        var cmd = new Command("update", "re-render every generated block of the files; each file is checked before any is written, and only files with a stale block are rewritten") { files, root };
        cmd.SetAction(r => Guard(() =>
        {
            var plan = DocsUpdate.Plan(Targets(r.GetValue(files), r.GetValue(root)!), r.GetValue(root)!);
            foreach (var d in DocsUpdate.Write(plan))
                foreach (var b in d.Blocks.Where(b => b.Stale)) Console.WriteLine($"updated {d.File}:{b.Block.Line}: {b.Block.Label}");
            Console.WriteLine(Count(plan, "changed"));
            return 0;
        }));
        return cmd;
    }

    static Command Check()
    {
        var (files, root) = (Files(), Root());
        var cmd = new Command("check", "whether every generated block of the files is what the committed files give now; exit 1 listing each stale block and the command that fixes it") { files, root };
        cmd.SetAction(r => Guard(() =>
        {
            string dir = r.GetValue(root)!;
            var plan = DocsUpdate.Plan(Targets(r.GetValue(files), dir), dir);
            string rootOption = dir == "." ? "" : $" --root {dir}";
            foreach (var d in plan)
                foreach (var b in d.Blocks.Where(b => b.Stale)) Console.WriteLine($"stale {d.File}:{b.Block.Line}: {b.Block.Label}; fix: ./kit docs update {d.File}{rootOption}");
            Console.WriteLine(Count(plan, "stale"));
            return plan.Any(d => d.Stale) ? 1 : 0;
        }));
        return cmd;
    }

    static List<string> Targets(string[]? files, string root) => files is { Length: > 0 } ? [.. files] : DocsUpdate.DefaultFiles(root);

    static string Count(IReadOnlyList<DocState> plan, string what)
    {
        int blocks = plan.Sum(d => d.Blocks.Count), stale = plan.Sum(d => d.Blocks.Count(b => b.Stale));
        return $"{stale} of {blocks} generated blocks in {plan.Count} files {what}";
    }
}
