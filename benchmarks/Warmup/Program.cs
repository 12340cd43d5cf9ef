using System;
using System.Collections.Generic;
using System.Diagnostics;
using NetGen;
using NetGen.Benchmarks;

// `Warmup`: net M's Train (1,024 samples, batches of 32, one epoch of plain SGD per call) called over and over in this
// fresh process. Prints one line "first first100 calls rest100 steady", nanoseconds per sample: the first call (JIT
// compilation included); all the calls that finished within 100 ms of the first call's start together (if none did, the
// first call alone) and how many calls that was; those calls without the first (NaN if there was only one); and the
// median of the calls that began between 1.5 s and 2 s, the steady state.
const int Samples = 1024;
var network = new NetM();
var random = new DeterministicRandom(1);
var inputs = new float[Samples * NetM.InputSize];
for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextNormal();
var targets = new float[Samples * NetM.OutputSize];
for (int s = 0; s < Samples; s++) targets[s * NetM.OutputSize + s % NetM.OutputSize] = 1;
var options = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.001, Optimizer = Optimizer.Sgd };

var window = TimeSpan.FromMilliseconds(100);
TimeSpan steadyFrom = TimeSpan.FromSeconds(1.5), steadyTo = TimeSpan.FromSeconds(2);
int calls = 0, windowCalls = 0;
TimeSpan windowEnd = TimeSpan.Zero, firstCall = TimeSpan.Zero;
var steady = new List<double>();
double loss = 0;
var clock = Stopwatch.StartNew(); // zero is the start of the first call
while (clock.Elapsed < steadyTo)
{
    TimeSpan start = clock.Elapsed;
    loss += network.Train(inputs, targets, options).FinalLoss;
    TimeSpan end = clock.Elapsed;
    if (calls++ == 0) firstCall = end;
    if (end <= window) (windowCalls, windowEnd) = (windowCalls + 1, end);
    if (start >= steadyFrom) steady.Add((end - start).TotalNanoseconds / Samples);
}
steady.Sort();
double first100 = windowCalls > 0 ? windowEnd.TotalNanoseconds / (windowCalls * Samples) : firstCall.TotalNanoseconds / Samples;
double rest100 = windowCalls > 1 ? (windowEnd - firstCall).TotalNanoseconds / ((windowCalls - 1) * Samples) : double.NaN;
Console.WriteLine(FormattableString.Invariant($"{firstCall.TotalNanoseconds / Samples:F1} {first100:F1} {windowCalls} {rest100:F1} {steady[steady.Count / 2]:F1}"));
if (!double.IsFinite(loss)) throw new InvalidOperationException("Training diverged."); // consumes every loss
