using System.Data;
using NetGen;

// Outside namespace NetGen on purpose: both namespaces reach this file only through its using directives, as in a user's
// project. PublicSurfaceTests checks that no short name is in both; this file shows the two in use side by side.
namespace ImportsBothSystemDataAndNetGen
{
    internal static class ImportsBothNamespaces
    {
        /// <summary>A System.Data table's column count and the length of a NetGen one-hot row, built side by side.</summary>
        public static (int Columns, int OneHotLength) FirstRowColumnsAndOneHotWidth()
        {
            using var table = new DataTable();
            table.Columns.Add("label", typeof(int));
            table.Columns.Add("weight", typeof(float));
            float[] oneHot = TrainingData.OneHot<float>(new[] { 2 }, classes: 3);
            return (table.Columns.Count, oneHot.Length);
        }
    }
}
