using System;

namespace Samples.Amp;

/// <summary>
/// The physical model the network learns: the diode clipper of distortion pedals, a resistor R into a capacitor C with two
/// antiparallel diodes across it. Its voltage obeys C dV/dt = (Vin − V)/R − 2 Is sinh(V / (n Vt)) (Shockley diodes), solved
/// per sample with the trapezoidal rule and Newton's method, as virtual-analog models do (D. Yeh, "Digital
/// Implementation of Musical Distortion Circuits by Analysis and Simulation", Stanford, 2009, ch. 2). Parts: 2.2 kΩ, 10 nF,
/// 1N4148 diodes (Is = 2.52 nA, n = 1.752).
/// </summary>
internal static class DiodeClipper
{
    private const double Resistance = 2.2e3, Capacitance = 10e-9, SaturationCurrent = 2.52e-9, DiodeVoltage = 1.752 * 0.02585;

    /// <summary>The capacitor's voltage for every sample of <paramref name="input"/> (volts), starting at rest.</summary>
    public static float[] Process(float[] input, int sampleRate)
    {
        double halfStep = 0.5 / sampleRate, voltage = 0, previousSlope = 0;
        var output = new float[input.Length];
        for (int n = 0; n < input.Length; n++)
        {
            // Trapezoidal rule: V = V₋ + (T/2)(f(V, Vin) + f(V₋, Vin₋)); Newton from the last voltage converges in a few steps.
            double target = voltage + halfStep * previousSlope, next = voltage;
            for (int iteration = 0; iteration < 50; iteration++)
            {
                double residual = next - target - halfStep * Slope(next, input[n]);
                double derivative = 1 + halfStep * (1 / (Resistance * Capacitance)
                    + 2 * SaturationCurrent / (Capacitance * DiodeVoltage) * Math.Cosh(next / DiodeVoltage));
                double change = residual / derivative;
                next -= change;
                if (Math.Abs(change) < 1e-10) break;
            }
            voltage = next;
            previousSlope = Slope(voltage, input[n]);
            output[n] = (float)voltage;
        }
        return output;
    }

    /// <summary>dV/dt = ((Vin − V)/R − 2 Is sinh(V / nVt)) / C.</summary>
    private static double Slope(double voltage, double input) =>
        ((input - voltage) / Resistance - 2 * SaturationCurrent * Math.Sinh(voltage / DiodeVoltage)) / Capacitance;
}
