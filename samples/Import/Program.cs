using System;
using Samples.Import;

// Runs the GRU that PyTorch trained and exported as model/waves.onnx (tools/make_import_sample.py), imported into generated
// C# at build time, on waves drawn here, and prints what it says each one is.
// Usage: dotnet run --project samples/Import
var network = new WaveNet();
Console.WriteLine($"WaveNet, imported from model/waves.onnx: {network.Architecture}");
var random = new Random(1);
var probabilities = new float[WaveNet.OutputSize];
int correct = 0, count = 12;
for (int i = 0; i < count; i++)
{
    int kind = i % 3;
    int predicted = network.Classify(Waves.Make(kind, random), probabilities);
    correct += predicted == kind ? 1 : 0;
    Console.WriteLine($"  a {WaveNet.ClassNames[kind],-8} wave: {WaveNet.ClassNames[predicted],-8} ({string.Join(", ", Array.ConvertAll(probabilities, p => p.ToString("F3")))})");
}
Console.WriteLine($"{correct} of {count} right.");
