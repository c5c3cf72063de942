using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Functions.Serving.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace BacNinh.Functions.Tests.OData;

/// <summary>Parses <c>$filter</c> text against the served model, as the feed does.</summary>
internal static class Filters
{
    private static readonly Uri ServiceRoot = new("http://localhost/api/odata/");

    public static IEdmModel Model { get; } = DatasetEdmModel.Build(ServedDatasets.All);

    public static SingleValueNode Parse(DatasetDefinition dataset, string filter)
    {
        var parser = new ODataUriParser(Model, ServiceRoot, new Uri(ServiceRoot, $"{dataset.Name}?$filter={Uri.EscapeDataString(filter)}"));
        return parser.ParseFilter().Expression;
    }

    public static DatasetRow Observation(params (string Field, object? Value)[] values) =>
        new("2023-08_DOC_SIGNED", "U01", values.ToDictionary(v => v.Field, v => v.Value, StringComparer.Ordinal));
}
