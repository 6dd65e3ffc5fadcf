using System.Globalization;
using System.Net;
using System.Text;

namespace IndexEngine.Reporting.Svg;

/// <summary>How a legend entry is drawn.</summary>
internal enum LegendMark { Line, DashedLine, Box }

/// <summary>A legend entry: label, colour and mark.</summary>
internal sealed record LegendItem(string Label, string Color, LegendMark Mark = LegendMark.Line);

/// <summary>
/// A small inline-SVG plotting surface: a plot area with a time, band or linear x axis, a linear or
/// log y axis, grid lines, tick labels, axis titles and a legend row above the plot. Everything is
/// drawn in a fixed viewBox that the page scales to its width; text is HTML-escaped.
/// </summary>
internal sealed class SvgChart
{
    private const double CharWidth = 6.6; // average width of a 12px sans-serif character
    private readonly StringBuilder _grid = new();
    private readonly StringBuilder _body = new();
    private readonly StringBuilder _axes = new();
    private readonly string _id;
    private readonly IReadOnlyList<LegendItem> _legend;
    private readonly List<(double X, double Y, double Width)> _legendSlots = [];
    private Func<double, double> _x = v => v;
    private Func<double, double> _y = v => v;

    public SvgChart(string id, double width, double height, IReadOnlyList<LegendItem> legend, double leftMargin = 70)
    {
        _id = id;
        _legend = legend;
        Width = width;
        Height = height;
        // Lay the legend out in rows above the plot.
        double x = leftMargin, y = 18;
        foreach (var item in legend)
        {
            double w = 28 + item.Label.Length * CharWidth + 22;
            if (x + w > width - 16 && x > leftMargin) { x = leftMargin; y += 20; }
            _legendSlots.Add((x, y, w));
            x += w;
        }
        Left = leftMargin;
        Right = width - 20;
        Top = legend.Count == 0 ? 16 : y + 18;
        Bottom = height - 48;
    }

    public double Width { get; }
    public double Height { get; }
    public double Left { get; }
    public double Right { get; }
    public double Top { get; }
    public double Bottom { get; }
    public double PlotWidth => Right - Left;

    public double X(double v) => _x(v);
    public double Y(double v) => _y(v);

    /// <summary>A date axis over [min, max] with year (or month) ticks.</summary>
    public void TimeAxis(DateOnly min, DateOnly max, string title)
    {
        double a = min.DayNumber, b = Math.Max(max.DayNumber, min.DayNumber + 1);
        _x = v => Left + (v - a) / (b - a) * PlotWidth;
        foreach (var (date, label) in Ticks.Dates(min, max))
        {
            double px = _x(date.DayNumber);
            _grid.Append(Invariant($"<line class=\"grid-v\" x1=\"{F(px)}\" y1=\"{F(Top)}\" x2=\"{F(px)}\" y2=\"{F(Bottom)}\"/>"));
            _axes.Append(Invariant($"<line class=\"tick\" x1=\"{F(px)}\" y1=\"{F(Bottom)}\" x2=\"{F(px)}\" y2=\"{F(Bottom + 5)}\"/>"));
            _axes.Append(Invariant($"<text class=\"tick-label\" x=\"{F(px)}\" y=\"{F(Bottom + 18)}\" text-anchor=\"middle\">{E(label)}</text>"));
        }
        XTitle(title);
    }

    /// <summary>A categorical axis of <paramref name="labels"/>.Count bands; labels are thinned so they do not
    /// overlap. Returns the band width. Band k is centred on <c>X(k)</c>.</summary>
    public double BandAxis(IReadOnlyList<string> labels, string title)
    {
        int n = Math.Max(1, labels.Count);
        double band = PlotWidth / n;
        _x = k => Left + (k + 0.5) * band;
        double widest = labels.Count == 0 ? 0 : labels.Max(l => l.Length) * CharWidth + 10;
        int every = Math.Max(1, (int)Math.Ceiling(widest / band));
        for (int k = 0; k < labels.Count; k++)
        {
            if (k % every != 0) continue;
            double px = _x(k);
            _axes.Append(Invariant($"<line class=\"tick\" x1=\"{F(px)}\" y1=\"{F(Bottom)}\" x2=\"{F(px)}\" y2=\"{F(Bottom + 5)}\"/>"));
            _axes.Append(Invariant($"<text class=\"tick-label\" x=\"{F(px)}\" y=\"{F(Bottom + 18)}\" text-anchor=\"middle\">{E(labels[k])}</text>"));
        }
        XTitle(title);
        return band;
    }

    /// <summary>A linear y axis covering [min, max] widened to round ticks.</summary>
    public void LinearY(double min, double max, Func<double, double, string> format, string title, int target = 5)
    {
        var (lo, hi, ticks, step) = Ticks.Linear(min, max, target);
        _y = v => Bottom - (v - lo) / (hi - lo) * (Bottom - Top);
        foreach (double t in ticks) YTick(_y(t), format(t, step), t == 0);
        YTitle(title);
    }

    /// <summary>A linear x axis covering [min, max] widened to round ticks (for scatter plots).</summary>
    public void LinearX(double min, double max, Func<double, double, string> format, string title, int target = 6)
    {
        var (lo, hi, ticks, step) = Ticks.Linear(min, max, target);
        _x = v => Left + (v - lo) / (hi - lo) * PlotWidth;
        foreach (double t in ticks)
        {
            double px = _x(t);
            _grid.Append(Invariant($"<line class=\"{(t == 0 ? "zero" : "grid-v")}\" x1=\"{F(px)}\" y1=\"{F(Top)}\" x2=\"{F(px)}\" y2=\"{F(Bottom)}\"/>"));
            _axes.Append(Invariant($"<line class=\"tick\" x1=\"{F(px)}\" y1=\"{F(Bottom)}\" x2=\"{F(px)}\" y2=\"{F(Bottom + 5)}\"/>"));
            _axes.Append(Invariant($"<text class=\"tick-label\" x=\"{F(px)}\" y=\"{F(Bottom + 18)}\" text-anchor=\"middle\">{E(format(t, step))}</text>"));
        }
        XTitle(title);
    }

    /// <summary>A marked data point with a tooltip (an SVG &lt;title&gt;).</summary>
    public void Dot(double x, double y, double radius, string color, string title)
    {
        _body.Append(Invariant($"<circle cx=\"{F(_x(x))}\" cy=\"{F(_y(y))}\" r=\"{F(radius)}\" fill=\"{color}\" fill-opacity=\"0.75\" stroke=\"#ffffff\" stroke-width=\"0.8\"><title>{E(title)}</title></circle>"));
    }

    /// <summary>A log y axis covering [min, max] (both positive).</summary>
    public void LogY(double min, double max, Func<double, string> format, string title)
    {
        double lo = Math.Log(min * 0.97), hi = Math.Log(max * 1.03);
        _y = v => Bottom - (Math.Log(v) - lo) / (hi - lo) * (Bottom - Top);
        foreach (double t in Ticks.Log(min * 0.97, max * 1.03)) YTick(_y(t), format(t), false);
        YTitle(title);
    }

    /// <summary>A polyline through data points.</summary>
    public void Line(IEnumerable<(double X, double Y)> points, string color, double width = 1.6, bool dashed = false)
    {
        _body.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append(Invariant($"\" stroke-width=\"{F(width)}\""))
            .Append(dashed ? " stroke-dasharray=\"5 3\"" : "").Append(" stroke-linejoin=\"round\" points=\"");
        AppendPoints(_body, points);
        _body.Append("\"/>");
    }

    /// <summary>The area between a curve and the horizontal line y = <paramref name="baseline"/>;
    /// <paramref name="clip"/> names a clip path made with <see cref="ClipAbove"/> or <see cref="ClipBelow"/>.</summary>
    public void Area(IReadOnlyList<(double X, double Y)> points, double baseline, string color, double opacity, string? clip = null)
    {
        if (points.Count == 0) return;
        _body.Append("<path fill=\"").Append(color).Append(Invariant($"\" fill-opacity=\"{F(opacity)}\" stroke=\"none\""));
        if (clip is not null) _body.Append(" clip-path=\"url(#").Append(_id).Append('-').Append(clip).Append(")\"");
        _body.Append(" d=\"M");
        _body.Append(Invariant($"{F(_x(points[0].X))},{F(_y(baseline))} L"));
        AppendPoints(_body, points);
        _body.Append(Invariant($" L{F(_x(points[^1].X))},{F(_y(baseline))} Z\"/>"));
    }

    /// <summary>Clip paths for the plot area above and below y = <paramref name="value"/>.</summary>
    public void ClipAtY(double value)
    {
        double py = Math.Clamp(_y(value), Top, Bottom);
        _grid.Append("<defs>")
            .Append(Invariant($"<clipPath id=\"{_id}-above\"><rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(PlotWidth)}\" height=\"{F(py - Top)}\"/></clipPath>"))
            .Append(Invariant($"<clipPath id=\"{_id}-below\"><rect x=\"{F(Left)}\" y=\"{F(py)}\" width=\"{F(PlotWidth)}\" height=\"{F(Bottom - py)}\"/></clipPath>"))
            .Append("</defs>");
    }

    public static string ClipAbove => "above";
    public static string ClipBelow => "below";

    /// <summary>A bar from data value <paramref name="from"/> to <paramref name="to"/> centred at pixel
    /// <paramref name="centre"/>, with a hover title.</summary>
    public void Bar(double centre, double width, double from, double to, string color, string title)
    {
        double y0 = _y(from), y1 = _y(to);
        _body.Append(Invariant($"<rect x=\"{F(centre - width / 2)}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(width)}\" height=\"{F(Math.Abs(y0 - y1))}\" fill=\"{color}\"><title>{E(title)}</title></rect>"));
    }

    /// <summary>A horizontal reference line across the plot with a label at its right end.</summary>
    public void HorizontalRule(double value, string color, string label)
    {
        double py = _y(value);
        _body.Append(Invariant($"<line x1=\"{F(Left)}\" y1=\"{F(py)}\" x2=\"{F(Right)}\" y2=\"{F(py)}\" stroke=\"{color}\" stroke-width=\"1.4\" stroke-dasharray=\"6 4\"/>"));
        _body.Append(Invariant($"<text class=\"annotation\" x=\"{F(Right - 4)}\" y=\"{F(py - 6)}\" text-anchor=\"end\" fill=\"{color}\">{E(label)}</text>"));
    }

    /// <summary>The finished &lt;svg&gt; element; <paramref name="description"/> is its accessible name.</summary>
    public string ToSvg(string description)
    {
        var sb = new StringBuilder();
        sb.Append(Invariant($"<svg class=\"chart\" id=\"{_id}\" viewBox=\"0 0 {F(Width)} {F(Height)}\" role=\"img\" aria-label=\"{E(description)}\">"));
        sb.Append(Invariant($"<rect class=\"plot-bg\" x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(PlotWidth)}\" height=\"{F(Bottom - Top)}\"/>"));
        sb.Append(_grid);
        sb.Append(_body);
        sb.Append(Invariant($"<line class=\"axis\" x1=\"{F(Left)}\" y1=\"{F(Bottom)}\" x2=\"{F(Right)}\" y2=\"{F(Bottom)}\"/>"));
        sb.Append(Invariant($"<line class=\"axis\" x1=\"{F(Left)}\" y1=\"{F(Top)}\" x2=\"{F(Left)}\" y2=\"{F(Bottom)}\"/>"));
        sb.Append(_axes);
        for (int k = 0; k < _legend.Count; k++)
        {
            var (item, (x, y, _)) = (_legend[k], _legendSlots[k]);
            sb.Append(item.Mark switch
            {
                LegendMark.Box => Invariant($"<rect x=\"{F(x)}\" y=\"{F(y - 9)}\" width=\"14\" height=\"12\" rx=\"2\" fill=\"{item.Color}\"/>"),
                LegendMark.DashedLine => Invariant($"<line x1=\"{F(x)}\" y1=\"{F(y - 3)}\" x2=\"{F(x + 22)}\" y2=\"{F(y - 3)}\" stroke=\"{item.Color}\" stroke-width=\"2.5\" stroke-dasharray=\"5 3\"/>"),
                _ => Invariant($"<line x1=\"{F(x)}\" y1=\"{F(y - 3)}\" x2=\"{F(x + 22)}\" y2=\"{F(y - 3)}\" stroke=\"{item.Color}\" stroke-width=\"2.5\"/>"),
            });
            sb.Append(Invariant($"<text class=\"legend\" x=\"{F(x + (item.Mark == LegendMark.Box ? 20 : 28))}\" y=\"{F(y + 1)}\">{E(item.Label)}</text>"));
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private void YTick(double py, string label, bool zero)
    {
        _grid.Append(Invariant($"<line class=\"{(zero ? "zero" : "grid")}\" x1=\"{F(Left)}\" y1=\"{F(py)}\" x2=\"{F(Right)}\" y2=\"{F(py)}\"/>"));
        _axes.Append(Invariant($"<text class=\"tick-label\" x=\"{F(Left - 8)}\" y=\"{F(py + 4)}\" text-anchor=\"end\">{E(label)}</text>"));
    }

    private void XTitle(string title) =>
        _axes.Append(Invariant($"<text class=\"axis-title\" x=\"{F(Left + PlotWidth / 2)}\" y=\"{F(Height - 8)}\" text-anchor=\"middle\">{E(title)}</text>"));

    private void YTitle(string title)
    {
        double cy = (Top + Bottom) / 2;
        _axes.Append(Invariant($"<text class=\"axis-title\" x=\"16\" y=\"{F(cy)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {F(cy)})\">{E(title)}</text>"));
    }

    private void AppendPoints(StringBuilder sb, IEnumerable<(double X, double Y)> points)
    {
        bool first = true;
        foreach (var (x, y) in points)
        {
            if (!first) sb.Append(' ');
            sb.Append(F(_x(x))).Append(',').Append(F(_y(y)));
            first = false;
        }
    }

    /// <summary>A pixel coordinate with one decimal, invariant culture.</summary>
    internal static string F(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
