using System.Text.Json;
using System.Text.Json.Nodes;

namespace BacNinh.PowerBI.Tests;

/// <summary>The Power BI project in the repository (infra/powerbi) and the schema copies beside the tests.</summary>
public static class PowerBIProject
{
    public const string SchemaBaseUrl = "https://developer.microsoft.com/json-schemas/fabric/";

    public static string Root { get; } = FindRoot();

    public static string Folder => Path.Combine(Root, "infra", "powerbi");

    public static string SemanticModel => Path.Combine(Folder, "BacNinh.SemanticModel", "definition");

    public static string Report => Path.Combine(Folder, "BacNinh.Report", "definition");

    public static string SchemaFolder => Path.Combine(AppContext.BaseDirectory, "Schemas", "fabric");

    /// <summary>Every JSON file of the project that names a schema: .pbip, .pbir, .pbism and the report definition.</summary>
    public static IEnumerable<string> JsonFiles() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".json" or ".pbir" or ".pbism" or ".pbip")
            .Order(StringComparer.Ordinal);

    public static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>The visuals, as (page, visual file, parsed JSON).</summary>
    public static IEnumerable<(string Page, string File, JsonNode Visual)> Visuals() =>
        Directory.EnumerateFiles(Path.Combine(Report, "pages"), "visual.json", SearchOption.AllDirectories)
            .Select(f => (Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(f))!)!)!, f, ReadJson(f)));

    /// <summary>Every (Entity, Property) a report file refers to through a Column or Measure expression.</summary>
    public static IEnumerable<(string Kind, string Entity, string Property)> FieldReferences(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "Column" or "Measure" && value?["Expression"]?["SourceRef"]?["Entity"] is JsonValue entity && value["Property"] is JsonValue property)
                    {
                        yield return (key, entity.GetValue<string>(), property.GetValue<string>());
                    }

                    if (value is not null)
                    {
                        foreach (var reference in FieldReferences(value))
                        {
                            yield return reference;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    foreach (var reference in FieldReferences(item))
                    {
                        yield return reference;
                    }
                }

                break;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BacNinh.Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (BacNinh.Serverless.sln) was not found above the test output.");
    }

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
