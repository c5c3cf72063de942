namespace BacNinh.Core.Datasets;

/// <summary>Every dataset the API serves: the reference sets, then the catalog's table sets (including any added later).</summary>
public static class ServedDatasets
{
    public static IReadOnlyList<DatasetDefinition> All => [.. ReferenceDatasets.All, .. DatasetCatalog.All];

    public static DatasetDefinition? Find(string? name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
