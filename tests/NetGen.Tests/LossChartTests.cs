using System.Text.RegularExpressions;
using Samples.Shared;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>The samples' loss chart (samples/Shared/LossChart.cs).</summary>
    public class LossChartTests
    {
        [Fact]
        public void A_series_of_one_epoch_shows_a_marker_at_its_value()
        {
            string svg = LossChart.Svg("one epoch", ("training loss", "#1f77b4", new[] { 0.5 }), ("test loss", "#d62728", new[] { 1.0 }));
            var markers = Regex.Matches(svg, "<circle cx=\"([\\d.]+)\" cy=\"([\\d.]+)\" r=\"4\" fill=\"(#[0-9a-f]{6})\"/>");
            Assert.Equal(2, markers.Count);
            // Both at the first epoch's x; the test loss (the largest value) at the top of the plot, the training loss halfway down.
            Assert.Equal(("60", "30", "#d62728"), (markers[1].Groups[1].Value, markers[1].Groups[2].Value, markers[1].Groups[3].Value));
            Assert.Equal(("60", "175", "#1f77b4"), (markers[0].Groups[1].Value, markers[0].Groups[2].Value, markers[0].Groups[3].Value));
        }

        [Fact]
        public void Series_of_several_epochs_are_lines_without_markers()
        {
            string svg = LossChart.Svg("two epochs", ("training loss", "#1f77b4", new[] { 0.5, 0.25 }));
            Assert.Contains("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"60,30 620,175\"/>", svg);
            Assert.DoesNotContain("<circle", svg);
        }
    }
}
