using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Samples.Amp;

/// <summary>Signed waveforms over a few milliseconds as a small SVG line chart.</summary>
internal static class Waveforms
{
    public static string Svg(string title, int sampleRate, params (string Name, string Colour, IReadOnlyList<float> Samples)[] series)
    {
        const int width = 720, height = 360, left = 60, right = 20, top = 30, bottom = 40;
        int count = series.Max(s => s.Samples.Count);
        double peak = Math.Max(1e-9, series.SelectMany(s => s.Samples).Max(value => Math.Abs((double)value)));
        string X(int n) => F(left + (width - left - right) * (double)n / Math.Max(1, count - 1));
        string Y(double value) => F(top + (height - top - bottom) * (0.5 - value / (2 * peak)));

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{left}\" y=\"18\" font-size=\"14\">{title}</text>\n");
        svg.Append($"<line x1=\"{left}\" y1=\"{Y(0)}\" x2=\"{width - right}\" y2=\"{Y(0)}\" stroke=\"#999\"/>\n");
        svg.Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        foreach (double value in new[] { -peak, 0, peak })
            svg.Append($"<text x=\"{left - 6}\" y=\"{Y(value)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{F(value, "0.00")} V</text>\n");
        svg.Append($"<text x=\"{(left + width - right) / 2}\" y=\"{height - 8}\" text-anchor=\"middle\">time (0–{F(1000.0 * count / sampleRate, "0.0")} ms)</text>\n");
        for (int s = 0; s < series.Length; s++)
        {
            var (name, colour, samples) = series[s];
            svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"");
            svg.Append(string.Join(" ", samples.Select((value, n) => $"{X(n)},{Y(value)}")));
            svg.Append("\"/>\n");
            svg.Append($"<text x=\"{width - right - 150}\" y=\"{top + 16 * (s + 1)}\" fill=\"{colour}\">{name}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string F(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);
}
