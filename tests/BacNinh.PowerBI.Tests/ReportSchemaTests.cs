using System.Text.Json;
using Json.Schema;

namespace BacNinh.PowerBI.Tests;

/// <summary>Every PBIR/PBIP JSON file validates against the Microsoft schema its <c>$schema</c> names.</summary>
public sealed class ReportSchemaTests
{
    public static TheoryData<string> Files() => [.. PowerBIProject.JsonFiles().Select(f => Path.GetRelativePath(PowerBIProject.Folder, f))];

    [Theory]
    [MemberData(nameof(Files))]
    public void FileValidatesAgainstItsPublishedSchema(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(PowerBIProject.Folder, file)));
        var schemaUrl = document.RootElement.GetProperty("$schema").GetString()!;
        Assert.StartsWith(PowerBIProject.SchemaBaseUrl, schemaUrl, StringComparison.Ordinal);

        var results = SchemaCatalog.Get(schemaUrl).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, string.Join(Environment.NewLine, Errors(results)));
    }

    [Fact]
    public void ASchemaViolationIsCaught()
    {
        using var document = JsonDocument.Parse("""{"$schema":"https://developer.microsoft.com/json-schemas/fabric/item/report/definition/page/2.0.0/schema.json","name":"p","displayOption":"NotAnOption"}""");

        var results = SchemaCatalog.Get(document.RootElement.GetProperty("$schema").GetString()!).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(results.IsValid);
    }

    private static IEnumerable<string> Errors(EvaluationResults results) =>
        (results.Details ?? []).Append(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.SchemaLocation}): {e.Key} {e.Value}"));
}

/// <summary>The schema copies, registered under their published URLs (mapped from file paths, not <c>$id</c>s) so relative <c>$ref</c>s resolve offline.</summary>
internal static class SchemaCatalog
{
    private static readonly Lock Gate = new();
    private static readonly SchemaRegistry Registry = CreateRegistry();
    private static readonly Dictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    public static JsonSchema Get(string url)
    {
        lock (Gate)
        {
            if (!Schemas.TryGetValue(url, out var schema))
            {
                schema = Load(new Uri(url), Registry);
                Schemas[url] = schema;
            }

            return schema;
        }
    }

    private static SchemaRegistry CreateRegistry()
    {
        var registry = new SchemaRegistry();
        registry.Fetch = (uri, r) => Load(uri, r);
        return registry;
    }

    private static JsonSchema Load(Uri uri, SchemaRegistry registry)
    {
        var relative = uri.GetLeftPart(UriPartial.Path)[PowerBIProject.SchemaBaseUrl.Length..];
        var path = Path.Combine(PowerBIProject.SchemaFolder, relative.Replace('/', Path.DirectorySeparatorChar));
        return JsonSchema.FromText(File.ReadAllText(path), new BuildOptions { SchemaRegistry = registry }, new Uri(uri.GetLeftPart(UriPartial.Path)));
    }
}
