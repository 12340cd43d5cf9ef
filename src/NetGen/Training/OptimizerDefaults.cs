namespace NetGen
{
    /// <summary>
    /// The settings whose default depends on the update rule: torch.optim's defaults for the rules NetGen took from it
    /// later (RMSprop, Adagrad, Adadelta, Adamax, Rprop), NetGen's long-standing ones for the first five. What an unset
    /// <see cref="TrainingOptions"/> field reads as.
    /// </summary>
    internal static class OptimizerDefaults
    {
        /// <summary>η: torch's lr default of each rule; 0.1 for SGD, momentum and Adam(W), as NetGen always had.</summary>
        public static double LearningRate(Optimizer optimizer) => optimizer switch
        {
            Optimizer.RMSprop or Optimizer.Adagrad or Optimizer.Rprop => 1e-2,
            Optimizer.Adadelta => 1.0,
            Optimizer.Adamax => 2e-3,
            _ => 0.1,
        };

        /// <summary>μ: 0 for RMSprop (torch: no momentum unless asked), 0.9 for the momentum rules.</summary>
        public static double Momentum(Optimizer optimizer) => optimizer == Optimizer.RMSprop ? 0 : 0.9;

        /// <summary>ε: Adagrad's 1e-10 and Adadelta's 1e-6, else 1e-8 (Adam, Adamax, RMSprop).</summary>
        public static double Epsilon(Optimizer optimizer) => optimizer switch
        {
            Optimizer.Adagrad => 1e-10,
            Optimizer.Adadelta => 1e-6,
            _ => 1e-8,
        };
    }
}
