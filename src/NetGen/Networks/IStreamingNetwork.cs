using System;

namespace NetGen
{
    /// <summary>
    /// What every network with a recurrent layer implements: run it step by step in real time, with the state owned by the
    /// caller (h, then c for an LSTM, of every recurrent layer in order), so one network serves many streams — voices,
    /// agents, sensors — from many threads at once without allocating. A network declared with <c>Steps</c> implements
    /// <see cref="INetwork{T}"/> (or <see cref="IFrozenNetwork{T}"/>) too; one declared without is streaming-only and
    /// implements this alone.
    /// </summary>
    public interface IStreamingNetwork<T> where T : unmanaged
    {
        /// <summary>The length of the state: every recurrent layer's h, then c for an LSTM, in layer order. All zeros is the initial state.</summary>
        int StateSize { get; }

        /// <summary>The length of one step's input: the features of one step.</summary>
        int StepInputSize { get; }

        /// <summary>The length of one step's output: the head applied to the current h (many-to-one), or one step of a sequence output.</summary>
        int StepOutputSize { get; }

        /// <summary>
        /// One time step: reads <see cref="StepInputSize"/> values, advances <paramref name="state"/> (<see cref="StateSize"/>
        /// values) in place and writes this step's <see cref="StepOutputSize"/> outputs. Allocates nothing.
        /// </summary>
        /// <exception cref="ArgumentException">A span does not have its length.</exception>
        void Step(ReadOnlySpan<T> input, Span<T> state, Span<T> output);

        /// <summary>
        /// Any number of steps, continuing from <paramref name="state"/>: <paramref name="inputs"/> is N × <see cref="StepInputSize"/>,
        /// <paramref name="outputs"/> gets every step's output (N × <see cref="StepOutputSize"/>), and the state is left after the last step.
        /// </summary>
        /// <exception cref="ArgumentException">The inputs are not whole steps, the outputs do not fit them, or the state is not StateSize long.</exception>
        void ForwardSequence(ReadOnlySpan<T> inputs, Span<T> outputs, Span<T> state);
    }
}
