using Kit.Experiments;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CChart = Plotly.NET.CSharp.Chart;

namespace Kit.Research;

/// <summary>Line charts over a shared x axis, for the figures KitCharts has no dedicated builder for (RQ4 curves).</summary>
internal static class ReproCharts
{
    public static GenericChart Lines(string title, string xTitle, string yTitle, double[] x, IReadOnlyList<(string Name, double[] Y)> series,
        bool logX = false, bool logY = false)
    {
        var charts = series.Select(s => CChart.Line<double, double, string>(x, s.Y, Name: s.Name, ShowMarkers: true)).ToList();
        var chart = CChart.Combine(charts);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle,
            AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: yTitle,
            AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
        return Plotly.NET.Chart.withTitle(title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(chart);
    }
}
