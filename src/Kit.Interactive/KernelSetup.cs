using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace Kit.Interactive;

/// <summary>How charts (Plotly.NET GenericChart values) appear in notebook outputs.</summary>
public enum ChartDisplay
{
    /// <summary>plotly.js inlined once per notebook (by the setup call), then each chart as a div + script: renders with no network.</summary>
    Offline,
    /// <summary>Plotly.NET.Interactive's own formatter (loads require.js and plotly.js from a CDN: blank offline).</summary>
    Native,
}

/// <summary>
/// The one place for kernel workarounds and registrations. A notebook's setup cell calls
/// <c>Kit.Interactive.KernelSetup.Load()</c> (or loads <see cref="KitKernelExtension"/>), optionally with
/// <c>ChartDisplay.Native</c>. Safe to call again (re-running the cell).
/// </summary>
public static class KernelSetup
{
    static int redirectInstalled;

    public static ChartDisplay Charts { get; private set; } = ChartDisplay.Offline;

    /// <summary>Installs the FSharp.Core redirect, registers the kit formatters and the chart display, and (offline) emits plotly.js once.</summary>
    public static void Load(ChartDisplay charts = ChartDisplay.Offline) =>
        LoadAsync(KernelInvocationContext.Current?.HandlingKernel?.RootKernel, charts).GetAwaiter().GetResult();

    public static async Task LoadAsync(Kernel? kernel, ChartDisplay charts = ChartDisplay.Offline)
    {
        // Must run before any method that mentions a Plotly type is compiled: those load FSharp.Core 10.1.
        InstallFSharpCoreRedirect();
        Charts = charts;
        RegisterAll(charts);
        if (charts == ChartDisplay.Native && kernel != null)
            await LoadPlotlyInteractive(kernel);
        if (charts == ChartDisplay.Offline)
            KernelInvocationContext.Current?.DisplayAs(PlotlyScript(), HtmlFormatter.MimeType);
    }

    /// <summary>
    /// Plotly.NET 6 is built against FSharp.Core 10.1 while the notebook tools ship 10.0: without the redirect,
    /// every chart fails to load. Only FSharp.Core is redirected, and only to a copy that is already loaded.
    /// Other assemblies the kernel cannot find (a notebook #r's only the DLLs its cells name) are taken from
    /// the kit's build output folder, next to this assembly.
    /// </summary>
    public static void InstallFSharpCoreRedirect()
    {
        if (Interlocked.Exchange(ref redirectInstalled, 1) == 1) return;
        var kitDir = Path.GetDirectoryName(typeof(KernelSetup).Assembly.Location);
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
        {
            var wanted = new AssemblyName(args.Name);
            // The default context's copy, not any loaded one: the F# kernel may hold another FSharp.Core in its own
            // load context, and mixing the two gives MissingMethodException inside Plotly.NET (FSharpFunc identity).
            if (wanted.Name == "FSharp.Core")
                return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FSharp.Core"));
            var candidate = string.IsNullOrEmpty(kitDir) || wanted.Name is null ? null : Path.Combine(kitDir, wanted.Name + ".dll");
            return candidate != null && File.Exists(candidate) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(candidate) : null;
        };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void RegisterAll(ChartDisplay charts)
    {
        KitFormatters.Register();
        if (charts == ChartDisplay.Offline) ChartFormatter.RegisterOffline();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Task LoadPlotlyInteractive(Kernel kernel) => ((IKernelExtension)new Plotly.NET.Interactive.FormatterKernelExtension()).OnLoadAsync(kernel);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string PlotlyScript() => Kit.Charts.ChartPage.ScriptTag();
}

/// <summary>
/// The extension entry point. .NET Interactive (1.0.712001) runs <see cref="IKernelExtension"/>s only from
/// <c>interactive-extensions/dotnet/</c> inside a NuGet package added with <c>#r "nuget:..."</c>; a DLL referenced by path
/// (<c>#r "Kit.Interactive.dll"</c>, how the notebooks load the kit) is not scanned (checked with dotnet repl: the kit's
/// formatters stay unregistered). A local package source needs an absolute folder, which committed notebooks cannot
/// carry, so the notebooks' setup cell (<see cref="KernelSetup.Load"/>) is the way in; tests call <see cref="OnLoadAsync"/>.
/// </summary>
public sealed class KitKernelExtension : IKernelExtension
{
    public Task OnLoadAsync(Kernel kernel) => KernelSetup.LoadAsync(kernel, ChartDisplay.Offline);
}

static class ChartFormatter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RegisterOffline()
    {
        Formatter.Register<Plotly.NET.GenericChart>((chart, writer) => writer.Write(Kit.Charts.ChartPage.Div(chart)), HtmlFormatter.MimeType);
        Formatter.Register<Plotly.NET.GenericChart>((chart, writer) => writer.Write(ChartText(chart)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Plotly.NET.GenericChart), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    /// <summary>Headless logs get the trace names and point counts instead of nothing.</summary>
    static string ChartText(Plotly.NET.GenericChart chart)
    {
        var fig = System.Text.Json.Nodes.JsonNode.Parse(Kit.Charts.ChartPage.ToJson(chart));
        var title = fig?["layout"]?["title"]?["text"]?.ToString() ?? "chart";
        var traces = fig?["data"]?.AsArray().Select(t => $"{t?["name"] ?? t?["type"]} ({(t?["x"] as System.Text.Json.Nodes.JsonArray)?.Count ?? (t?["y"] as System.Text.Json.Nodes.JsonArray)?.Count ?? 0} points)") ?? [];
        return $"{title}: {string.Join("; ", traces)}";
    }
}
