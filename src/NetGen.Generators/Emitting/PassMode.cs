namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// Which behaviour a layer's code has, as PyTorch's <c>eval()</c> and <c>train()</c> choose it: Forward, ComputeLoss,
    /// Backward, BackwardFromOutput and ForwardBatch run in inference mode; TrainStep and BackwardBatch (so Train) in
    /// training mode, where dropout drops values. Kinds without a training behaviour ignore it.
    /// </summary>
    internal enum PassMode
    {
        Inference,
        Training,
    }
}
