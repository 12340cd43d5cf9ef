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
    }
}
