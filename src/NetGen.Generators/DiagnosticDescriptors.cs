using Microsoft.CodeAnalysis;

namespace NetGen.Generators
{
    /// <summary>Every NetGen diagnostic. IDs are a contract: never renumber, add new ones after the last.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "NetGen";
        private const string HelpLinkBase = "https://github.com/netgen-dev/netgen/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor TypeNotPartial = Error("NG0001", "Network type must be partial",
            "'{0}' must be declared partial so that NetGen can generate the network into it");

        public static readonly DiagnosticDescriptor InputCount = Error("NG0002", "A network needs exactly one [Input]",
            "Network '{0}' declares {1} [Input] attributes; declare exactly one, e.g. [Input(2)]");

        public static readonly DiagnosticDescriptor NoLayers = Error("NG0003", "A network needs a layer",
            "Network '{0}' declares no layer; declare at least one of {1} (the last one is the output layer)");

        public static readonly DiagnosticDescriptor SizeNotPositive = Error("NG0004", "Sizes must be positive",
            "{0} of network '{1}' has size {2}; sizes must be at least 1");

        public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error("NG0005", "The loss does not fit the output layer",
            "{0} needs a {1} output layer, but the output layer of network '{2}' ({3}) uses {4}; {5}");

        public static readonly DiagnosticDescriptor SoftmaxOfOneUnit = Error("NG0006", "Softmax needs at least two units",
            "{0} of network '{1}' applies Softmax to 1 unit, which always outputs 1; give it at least 2 units, or use Sigmoid for a single probability");

        public static readonly DiagnosticDescriptor SoftmaxOnHiddenLayer = Warning("NG0007", "Softmax on a hidden layer",
            "{0} of network '{1}' is a hidden layer with Softmax; Softmax is meant for the output layer, a hidden layer usually wants ReLU or Tanh");

        public static readonly DiagnosticDescriptor ZeroGradientActivation = Warning("NG0008", "Activation with zero gradient",
            "{0} of network '{1}' uses {2}, whose derivative is zero almost everywhere: training cannot move this layer or the layers below it");

        public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error("NG0009", "Layers declared on several partial declarations",
            "Network '{0}' declares [Input] and layer attributes on {1} partial declarations; put them all on one declaration so that the layer order is defined");

        public static readonly DiagnosticDescriptor UnsupportedTypeKind = Error("NG0010", "Unsupported network type",
            "'{0}' is {1}; [Network] supports a non-generic, non-static class (not a record), which may be nested in non-generic classes");

        public static readonly DiagnosticDescriptor ParameterOutOfRange = Error("NG0011", "Layer argument out of range",
            "{0} = {1} on {2} of network '{3}' is out of range: {4}");

        public static readonly DiagnosticDescriptor ParameterUnused = Warning("NG0012", "Activation parameter is not used",
            "{0} is set on {1} of network '{2}', but {3} does not use it; remove it (or change the activation)");

        public static readonly DiagnosticDescriptor LayerWithoutNetwork = Warning("NG0013", "Layer attribute without [Network]",
            "'{0}' has [{1}] but no [Network], so no network is generated; add [Network(...)] or remove the attribute");

        public static readonly DiagnosticDescriptor MemberConflict = Error("NG0014", "Member conflicts with generated code",
            "'{0}' already declares '{1}', which the generated network code declares; rename or remove it");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("NG0015", "Undefined enum value",
            "{0} of network '{1}' is {2}, which is not a defined {3} value");

        public static readonly DiagnosticDescriptor BufferTooLargeForTarget = Warning("NG0016", "Network too large for a fixed-size buffer",
            "Network '{0}' has {1} parameters ({2} bytes), more than the {3}-byte limit of an inline ([InlineArray] or fixed) buffer; its parameters live in an array allocated once at construction instead");

        public static readonly DiagnosticDescriptor NetworkTooLarge = Error("NG0017", "Network too large to generate",
            "Network '{0}' is too large for generated code: {1}");

        public static readonly DiagnosticDescriptor WeightsFileNotFound = Error("NG0018", "Weights file not found",
            "Network '{0}' takes its weights from '{1}', which is not among the AdditionalFiles; add <AdditionalFiles Include=\"{1}\" /> to the project");

        public static readonly DiagnosticDescriptor WeightsFileUnreadable = Error("NG0019", "Weights file unreadable",
            "The weights file '{1}' of network '{0}' cannot be read: {2}");

        public static readonly DiagnosticDescriptor WeightsFileMismatch = Error("NG0020", "Weights file does not fit the network",
            "The weights file '{1}' does not fit network '{0}': {2}");

        public static readonly DiagnosticDescriptor FrozenWithoutWeights = Error("NG0021", "Frozen needs weights",
            "Network '{0}' is Frozen but has no Weights; a frozen network compiles its weights into the code, so set Weights = \"file.json\" or remove Frozen");

        public static readonly DiagnosticDescriptor WindowLargerThanInput = Error("NG0022", "Kernel or window larger than its input",
            "{0} of network '{1}' has a {3} {2}, larger than its input at that point ({4}); {5}");

        public static readonly DiagnosticDescriptor WindowArgumentOutOfRange = Error("NG0023", "Kernel, window, stride, dilation, groups or padding out of range",
            "{0} = {1} on {2} of network '{3}' is out of range: {4}");

        public static readonly DiagnosticDescriptor ImageLayerOnVector = Error("NG0024", "Image layer on a vector",
            "{0} of network '{1}' is a [{2}] layer, which needs a feature map, but {3}; declare [Input(channels, height, width)] (or [Input(channels, length)] for a sequence) and put map layers before any [Dense]");

        public static readonly DiagnosticDescriptor SoftmaxOnMap = Error("NG0025", "Softmax on a feature map",
            "{0} of network '{1}' uses Softmax, which normalises a vector and cannot apply to a feature map; use an element-wise activation here and a [Dense(n, Activation.Softmax)] output layer");

        public static readonly DiagnosticDescriptor ActivationAfterActivation = Warning("NG0026", "Activation layer after an activation",
            "{0} of network '{1}' applies {2} to the output of a layer that already applies {3}; declare that layer without an activation (Linear) if the source model has one activation here, or keep both if it really applies two");

        public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error("NG0027", "C# version too old for the generated code",
            "Network '{0}' is generated as C# 9 code, but this project compiles C# {1}; set <LangVersion>9</LangVersion> or later in the project (Unity 2022.3 and Unity 6 compile C# 9)");

        /// <summary>{0} layer, {1} network, {2} the argument, {3} its value, {4} channels, {5} filters.</summary>
        public static readonly DiagnosticDescriptor GroupsDoNotDivide = Error("NG0028", "Groups do not divide the channels and filters",
            "{0} of network '{1}' has {2} = {3}, which does not divide both its {4} input channels and its {5} filters; each group needs the same number of each (Groups = channels is a depthwise convolution)");

        /// <summary>{0} layer, {1} network, {2} the argument that conflicts, {3} the one it conflicts with.</summary>
        public static readonly DiagnosticDescriptor PaddingArgumentsConflict = Error("NG0029", "Padding arguments exclude each other",
            "{0} of network '{1}' sets {2} together with {3}; they choose the padding in different ways, so keep one");

        /// <summary>{0} layer, {1} network, {2} kind, {3} what it needs, {4} what it gets, {5} the fix.</summary>
        public static readonly DiagnosticDescriptor MapDimensionMismatch = Error("NG0030", "1-D layer on a 2-D map or the reverse",
            "{0} of network '{1}' is a [{2}] layer, which needs {3}, but {4}; {5}");

        public static readonly DiagnosticDescriptor LogSoftmaxNotOnOutput = Error("NG0031", "LogSoftmax only on a Dense output layer",
            "{0} of network '{1}' uses LogSoftmax, which {2}; LogSoftmax turns the output layer's logits into log-probabilities for Loss.NegativeLogLikelihood, so use an element-wise activation here and end the network with [Dense(classes, Activation.LogSoftmax)]");

        public static readonly DiagnosticDescriptor LogSoftmaxWithoutNegativeLogLikelihood = Warning("NG0032", "LogSoftmax output without NegativeLogLikelihood",
            "The output layer of network '{0}' ({1}) gives log-probabilities with LogSoftmax, but the loss is {2}, which compares them with the targets as plain numbers; use Loss.NegativeLogLikelihood (PyTorch's nll_loss), or Softmax with Loss.CategoricalCrossEntropy");

        public static readonly DiagnosticDescriptor LogSoftmaxOfOneUnit = Error("NG0033", "LogSoftmax needs at least two units",
            "{0} of network '{1}' applies LogSoftmax to 1 unit, whose log-probability is always 0; give it one unit per class (at least 2), or use Sigmoid with Loss.BinaryCrossEntropy for a single probability");

        public static readonly DiagnosticDescriptor BiasInitWithoutBias = Warning("NG0034", "BiasInit on a layer without a bias",
            "{0} of network '{1}' sets BiasInit = {2}, but Bias = false gives it no bias to initialise; remove BiasInit, or remove Bias = false to give the layer its bias");

        public static readonly DiagnosticDescriptor BatchNormFirst = Error("NG0035", "BatchNorm as the first layer",
            "{0} of network '{1}' normalises the network's input; standardise the data instead (NetGen's Standardizer), or put [BatchNorm] after a Dense, convolution or pooling layer");

        public static readonly DiagnosticDescriptor BatchNormAfterBatchNorm = Error("NG0036", "BatchNorm after BatchNorm",
            "{0} of network '{1}' normalises the output of a [BatchNorm] directly below it, whose channels are already normalised; remove one of the two");

        public static readonly DiagnosticDescriptor ModelFileUnusable = Error("NG0037", "Model file cannot be imported",
            "The model file '{1}' of network '{0}' cannot be imported: {2}");

        public static readonly DiagnosticDescriptor ModelNodeUnsupported = Error("NG0038", "Model node has no NetGen equivalent",
            "Node '{2}' ({3}) of the model file '{1}' cannot become part of network '{0}': {4}");

        public static readonly DiagnosticDescriptor ModelDiffersFromDeclaration = Error("NG0039", "Declared layers differ from the model",
            "{2} of network '{0}' differs from {3} of the model file '{1}' in {4}: declared {5}, the model has {6}");

        public static readonly DiagnosticDescriptor ModelWithWeights = Error("NG0040", "Model and Weights together",
            "Network '{0}' names both the model file '{1}' and the weights file '{2}'; a model carries its own weights, so remove Weights");

        public static readonly DiagnosticDescriptor ModelDisagreesWithReference = Error("NG0041", "Imported model disagrees with its reference output",
            "Network '{0}' imported from '{1}' does not reproduce its reference output {2}: {3}");

        public static readonly DiagnosticDescriptor RecurrentLayerWithoutSteps = Error("NG0042", "Recurrent layer without steps",
            "{0} of network '{1}' is a recurrent layer ([{2}]), which iterates over the steps of a sequence, but {3}; declare [Input(features, Steps = L)] and keep every layer between it and a recurrent layer below it on the steps (ReturnSequences = true)");

        public static readonly DiagnosticDescriptor StepsOutOfRange = Error("NG0043", "Steps out of range",
            "The [Input] of network '{0}' declares Steps = {1}; {2}");

        public static readonly DiagnosticDescriptor RecurrentActivationNotSupported = Error("NG0044", "RNN activation must be Tanh or ReLU",
            "{0} of network '{1}' uses {2}; an [RNN] computes tanh or ReLU, as nn.RNN's nonlinearity, so use Activation.Tanh or Activation.ReLU");

        public static readonly DiagnosticDescriptor LayerNotOnSteps = Error("NG0045", "Layer cannot act on steps",
            "{0} of network '{1}' reads a sequence of {2}, but {3} cannot act on every step alone; put it after a recurrent layer without ReturnSequences, or use a Dense, [Activate] or [Dropout] with an element-wise activation on the steps");

        public static readonly DiagnosticDescriptor UnknownAttribute = Warning("NG0046", "Attribute unknown to NetGen",
            "[{0}] on network '{1}' is not a NetGen attribute{2}; NetGen's layers are {3}");

        public static readonly DiagnosticDescriptor UnknownArgument = Warning("NG0047", "Argument unknown to a NetGen attribute",
            "{0} of network '{1}' has no argument '{2}'{3}; the named arguments of [{4}] are {5}");

        /// <summary>The diagnostic property that carries the Activation member NG0005's code fix writes (the one the loss needs).</summary>
        public const string FixActivationProperty = "NetGen.FixActivation";

        public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All = System.Collections.Immutable.ImmutableArray.Create(
            TypeNotPartial, InputCount, NoLayers, SizeNotPositive, LossDoesNotFitOutput, SoftmaxOfOneUnit, SoftmaxOnHiddenLayer,
            ZeroGradientActivation, LayersOnSeveralDeclarations, UnsupportedTypeKind, ParameterOutOfRange, ParameterUnused,
            LayerWithoutNetwork, MemberConflict, UndefinedEnumValue, BufferTooLargeForTarget, NetworkTooLarge,
            WeightsFileNotFound, WeightsFileUnreadable, WeightsFileMismatch, FrozenWithoutWeights,
            WindowLargerThanInput, WindowArgumentOutOfRange, ImageLayerOnVector, SoftmaxOnMap, ActivationAfterActivation, LanguageVersionTooLow,
            GroupsDoNotDivide, PaddingArgumentsConflict, MapDimensionMismatch, LogSoftmaxNotOnOutput, LogSoftmaxWithoutNegativeLogLikelihood, LogSoftmaxOfOneUnit,
            BiasInitWithoutBias, BatchNormFirst, BatchNormAfterBatchNorm,
            ModelFileUnusable, ModelNodeUnsupported, ModelDiffersFromDeclaration, ModelWithWeights, ModelDisagreesWithReference,
            RecurrentLayerWithoutSteps, StepsOutOfRange, RecurrentActivationNotSupported, LayerNotOnSteps,
            UnknownAttribute, UnknownArgument);

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
    }
}
