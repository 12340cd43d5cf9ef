namespace NetGen
{
    /// <summary>How a layer's weights are initialised. Biases start at <see cref="DenseAttribute.BiasInit"/>.</summary>
    public enum WeightInit
    {
        /// <summary>He for ReLU, LeakyReLU and ELU; LeCun for SELU; Xavier otherwise.</summary>
        Auto = 0,
        /// <summary>All weights 0.</summary>
        Zeros = 1,
        /// <summary>U[0, 1].</summary>
        Uniform01 = 2,
        /// <summary>U[−1, 1].</summary>
        UniformSymmetric = 3,
        /// <summary>U[−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))].</summary>
        Xavier = 4,
        /// <summary>N(0, 2/fanIn).</summary>
        He = 5,
        /// <summary>N(0, 1/fanIn).</summary>
        LeCun = 6,
    }
}
