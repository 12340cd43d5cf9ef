using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace NetGen.Package.Tests
{
    /// <summary>The samples a newcomer runs, run the same way.</summary>
    public class SampleTests
    {
        [Fact]
        public void The_digits_sample_reaches_97_percent_test_accuracy_and_draws_its_loss_curves()
        {
            string root = Shell.RepositoryRoot();
            string chart = Path.Combine(Path.GetTempPath(), $"netgen-digits-{System.Guid.NewGuid():N}.svg");
            try
            {
                string output = Shell.Run("dotnet", $"run -c Release --project \"{Path.Combine(root, "samples", "Digits")}\" -- --chart \"{chart}\"", root);
                string summary = output.Split('\n').Last(line => line.StartsWith("training_ms=", System.StringComparison.Ordinal));
                double accuracy = double.Parse(summary.Split("test_accuracy=")[1], CultureInfo.InvariantCulture);
                Assert.True(accuracy >= 0.97, $"test accuracy {accuracy}");
                Assert.Contains("Confusion matrix", output);
                string svg = File.ReadAllText(chart);
                Assert.Equal(2, svg.Split("<polyline").Length - 1);
            }
            finally
            {
                File.Delete(chart);
            }
        }

        [Fact]
        public void The_gan_sample_learns_digits_that_the_classifier_recognises_better_than_an_untrained_generator_s()
        {
            string root = Shell.RepositoryRoot();
            string folder = Path.Combine(Path.GetTempPath(), $"netgen-gan-{System.Guid.NewGuid():N}");
            try
            {
                // Shortened from 60 epochs to 10: already well past the untrained generator on both measures.
                string output = Shell.Run("dotnet", $"run -c Release --project \"{Path.Combine(root, "samples", "Gan")}\" -- --epochs 10 --out \"{folder}\"", root);
                var summary = output.Split('\n').Last(line => line.StartsWith("digit_score=", System.StringComparison.Ordinal))
                    .Split(' ').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
                Assert.True(summary["digit_score"] > summary["untrained_digit_score"] + 1, $"digit score {summary["digit_score"]}, untrained {summary["untrained_digit_score"]}");
                Assert.True(summary["pixel_distance"] < summary["untrained_pixel_distance"] / 2, $"pixel distance {summary["pixel_distance"]}, untrained {summary["untrained_pixel_distance"]}");

                byte[] png = File.ReadAllBytes(Path.Combine(folder, "gan-digits.png"));
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
                Assert.Equal(2, File.ReadAllText(Path.Combine(folder, "gan-loss.svg")).Split("<polyline").Length - 1);
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }
    }
}
