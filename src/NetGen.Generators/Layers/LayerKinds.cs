using System;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Parsing;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// Every layer attribute and the kind that parses it: the one list a new kind is added to. The parser and the analyzer
    /// find layer attributes (in declaration order) through it.
    /// </summary>
    internal static class LayerKinds
    {
        private static readonly ImmutableArray<(string MetadataName, Func<AttributeArguments, LayerSpec> Parse)> All = ImmutableArray.Create<(string, Func<AttributeArguments, LayerSpec>)>(
            (DenseLayer.MetadataName, DenseLayer.Parse),
            (ConvolutionLayer.Conv1DMetadataName, ConvolutionLayer.ParseConv1D),
            (ConvolutionLayer.Conv2DMetadataName, ConvolutionLayer.ParseConv2D),
            (PoolingLayer.MaxPool1DMetadataName, PoolingLayer.ParseMax1D),
            (PoolingLayer.AvgPool1DMetadataName, PoolingLayer.ParseAverage1D),
            (PoolingLayer.MaxPool2DMetadataName, PoolingLayer.ParseMax2D),
            (PoolingLayer.AvgPool2DMetadataName, PoolingLayer.ParseAverage2D),
            (PoolingLayer.GlobalAvgPoolMetadataName, PoolingLayer.ParseGlobalAverage),
            (PoolingLayer.GlobalMaxPoolMetadataName, PoolingLayer.ParseGlobalMax),
            (ActivateLayer.MetadataName, ActivateLayer.Parse),
            (DropoutLayer.MetadataName, DropoutLayer.Parse),
            (BatchNormLayer.MetadataName, BatchNormLayer.Parse),
            (PReLULayer.MetadataName, PReLULayer.Parse),
            (RecurrentLayer.LstmMetadataName, RecurrentLayer.ParseLstm),
            (RecurrentLayer.GruMetadataName, RecurrentLayer.ParseGru),
            (RecurrentLayer.RnnMetadataName, RecurrentLayer.ParseRnn));

        /// <summary>Every kind's attribute name as a user writes it ("Dense", "Conv2D", …), in the list's order.</summary>
        public static ImmutableArray<string> AttributeNames { get; } =
            All.Select(kind => kind.MetadataName.Substring("NetGen.".Length, kind.MetadataName.Length - "NetGen.".Length - "Attribute".Length)).ToImmutableArray();

        /// <summary>The kinds as messages list them: "[Dense], [Conv2D], … or [AvgPool2D]".</summary>
        public static string ListText =>
            string.Join(", ", AttributeNames.Take(AttributeNames.Length - 1).Select(name => $"[{name}]")) + $" or [{AttributeNames[AttributeNames.Length - 1]}]";

        public static bool IsLayerAttribute(string? metadataName) => All.Any(kind => kind.MetadataName == metadataName);

        /// <summary>The kind's parser for an attribute's metadata name, or null when it is not a layer attribute.</summary>
        public static Func<AttributeArguments, LayerSpec>? ParserFor(string? metadataName) =>
            All.FirstOrDefault(kind => kind.MetadataName == metadataName).Parse;
    }
}
