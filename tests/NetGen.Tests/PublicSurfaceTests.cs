using System;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using ImportsBothSystemDataAndNetGen;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>What a user sees of the runtime: the user's API in NetGen, and nothing else in IntelliSense.</summary>
    public class PublicSurfaceTests
    {
        private const string UserNamespace = "NetGen";
        private const string GeneratedCodeNamespace = "NetGen.GeneratedCode";

        /// <summary>
        /// Every public type of namespace NetGen but the layer attributes. Adding one is a decision about the user's API: list
        /// it here. A layer attribute is decided by adding its kind to the generator's LayerKinds, which
        /// NetGen.Generators.Tests checks against the attributes of this assembly.
        /// </summary>
        private static readonly string[] UserApi =
        {
            // Declaration
            "NetworkAttribute", "InputAttribute",
            "Activation", "Loss", "WeightInit", "Precision",
            // Networks
            "INetwork`1", "IInferenceNetwork`1", "IFrozenNetwork`1", "IStreamingNetwork`1", "ParameterTensor",
            // Training
            "TrainingOptions", "TrainingReport", "EpochReport", "TrainingStop", "Optimizer", "LearningRateSchedule",
            "NetworkTrainer", "ParameterOptimizer", "GradientCheck", "GradientCheckResult",
            // Data and serialization
            "TrainingData", "Standardizer", "WeightFile", "StateDict", "OnnxModel",
            // Numerics a user seeds networks and shuffles data with
            "DeterministicRandom",
        };

        private static readonly Type[] Exported = typeof(INetwork<>).Assembly.GetExportedTypes();

        /// <summary>A public attribute of the user namespace other than [Network] and [Input]: one per layer kind.</summary>
        private static bool IsLayerAttribute(Type type) =>
            typeof(Attribute).IsAssignableFrom(type) && type.Name is not ("NetworkAttribute" or "InputAttribute");

        [Fact]
        public void The_user_namespace_holds_exactly_the_listed_types()
        {
            var actual = Exported.Where(t => t.Namespace == UserNamespace && !IsLayerAttribute(t)).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(UserApi.OrderBy(n => n, StringComparer.Ordinal), actual);
        }

        [Fact]
        public void Every_other_public_type_is_a_generated_code_helper_hidden_from_IntelliSense()
        {
            var others = Exported.Where(t => t.Namespace != UserNamespace).ToArray();
            Assert.NotEmpty(others);
            Assert.All(others, type =>
            {
                Assert.Equal(GeneratedCodeNamespace, type.Namespace);
                var browsable = type.GetCustomAttribute<EditorBrowsableAttribute>();
                Assert.True(browsable?.State == EditorBrowsableState.Never, $"{type.FullName} is not [EditorBrowsable(Never)].");
            });
        }

        [Fact]
        public void No_NetGen_type_is_named_like_a_type_of_a_namespace_users_import_beside_it()
        {
            // A short name in both NetGen and System.Data (DataSet once was), System or System.Collections.Generic would be
            // ambiguous (CS0104) in any file that imports both; the compiled file below only shows that the two mix.
            var netGen = typeof(INetwork<>).Assembly.GetExportedTypes().Where(t => t.Namespace == "NetGen").Select(ShortName).ToHashSet();
            var others = new[] { typeof(System.Data.DataTable), typeof(object), typeof(System.Collections.Generic.List<>) }
                .SelectMany(anchor => anchor.Assembly.GetExportedTypes().Where(t => t.Namespace == anchor.Namespace))
                .Select(ShortName);
            Assert.Empty(netGen.Intersect(others));
            var (columns, oneHotLength) = ImportsBothNamespaces.FirstRowColumnsAndOneHotWidth();
            Assert.Equal((2, 3), (columns, oneHotLength));

            static string ShortName(Type type) => type.Name.Split('`')[0];
        }
    }
}
