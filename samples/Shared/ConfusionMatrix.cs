using System;
using System.Collections.Generic;
using System.Linq;
using NetGen;

namespace Samples.Shared;

/// <summary>A classifier's predictions on a labelled set (the class with the highest output), counted by true and predicted class.</summary>
internal sealed class ConfusionMatrix
{
    private ConfusionMatrix(int[,] counts, int[] predictions, int correct)
    {
        Counts = counts;
        Predictions = predictions;
        Correct = correct;
    }

    /// <summary>Counts[true class, predicted class].</summary>
    public int[,] Counts { get; }

    /// <summary>The predicted class of every sample, in order.</summary>
    public int[] Predictions { get; }

    public int Correct { get; }

    public double Accuracy => (double)Correct / Predictions.Length;

    /// <summary>Runs <paramref name="network"/> on every row of <paramref name="inputs"/> (InputSize values each).</summary>
    public static ConfusionMatrix Measure(IInferenceNetwork<float> network, float[] inputs, int[] labels)
    {
        int classes = network.OutputSize, inputSize = network.InputSize;
        var counts = new int[classes, classes];
        var predictions = new int[labels.Length];
        var output = new float[classes];
        int correct = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            network.Forward(inputs.AsSpan(s * inputSize, inputSize), output);
            int predicted = predictions[s] = Array.IndexOf(output, output.Max());
            counts[labels[s], predicted]++;
            if (predicted == labels[s]) correct++;
        }
        return new ConfusionMatrix(counts, predictions, correct);
    }

    /// <summary>Prints the matrix, rows the true class and columns the predicted one (headed by the names' first letters).</summary>
    public void Print(IReadOnlyList<string> classNames)
    {
        int classes = classNames.Count, nameWidth = classNames.Max(n => n.Length);
        int columnWidth = Math.Max(5, Counts.Cast<int>().Max().ToString().Length + 1);
        Console.WriteLine(new string(' ', nameWidth + 3) + string.Concat(classNames.Select(n => (n.Length > 4 ? n[..4] : n).PadLeft(columnWidth))));
        for (int actual = 0; actual < classes; actual++)
            Console.WriteLine($"  {classNames[actual].PadLeft(nameWidth)} " + string.Concat(Enumerable.Range(0, classes).Select(
                predicted => (Counts[actual, predicted] == 0 ? "." : Counts[actual, predicted].ToString()).PadLeft(columnWidth))));
    }
}
