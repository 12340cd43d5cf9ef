using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Samples.Shared;

/// <summary>Loss curves as a small, dependency-free SVG line chart (shared by the samples).</summary>
internal static class LossChart
{
    public static string Svg(string title, params (string Name, string Colour, IReadOnlyList<double> Values)[] series)
    {
        const int width = 640, height = 360, left = 60, right = 20, top = 30, bottom = 40;
        int epochs = series.Max(s => s.Values.Count);
        double max = series.SelectMany(s => s.Values).Max();
        string X(int epoch) => F(left + (width - left - right) * (epochs <= 1 ? 0 : (double)epoch / (epochs - 1)));
        string Y(double value) => F(top + (height - top - bottom) * (1 - value / max));

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{left}\" y=\"18\" font-size=\"14\">{Escape(title)}</text>\n");
        svg.Append($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        svg.Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        for (int tick = 0; tick <= 4; tick++)
        {
            double value = max * tick / 4;
            svg.Append($"<text x=\"{left - 6}\" y=\"{Y(value)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{value:0.00}</text>\n");
        }
        svg.Append($"<text x=\"{(left + width - right) / 2}\" y=\"{height - 8}\" text-anchor=\"middle\">epoch (1–{epochs})</text>\n");
        for (int s = 0; s < series.Length; s++)
        {
            var (name, colour, values) = series[s];
            var points = string.Join(" ", values.Select((v, e) => $"{X(e)},{Y(v)}"));
            svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            // A line through one point draws nothing: after a single epoch, a marker shows the value.
            if (values.Count == 1) svg.Append($"<circle cx=\"{X(0)}\" cy=\"{Y(values[0])}\" r=\"4\" fill=\"{colour}\"/>\n");
            svg.Append($"<text x=\"{width - right - 150}\" y=\"{top + 16 * (s + 1)}\" fill=\"{colour}\">{name}</text>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
