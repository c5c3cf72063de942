using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BacNinh.Infra.Tests.Bicep;

/// <summary>A compiled ARM template, with the modules it deploys (nested templates) reachable.</summary>
public sealed partial class ArmTemplate
{
    private readonly JsonObject _root;

    public ArmTemplate(JsonObject root, string name)
    {
        _root = root;
        Name = name;
    }

    public string Name { get; }

    public JsonObject Json => _root;

    /// <summary>Resources this template deploys, then those of its modules, recursively; existing references are left out.</summary>
    public IEnumerable<ArmResource> Resources()
    {
        foreach (var resource in OwnResources())
        {
            yield return resource;
            if (resource.Type == "Microsoft.Resources/deployments" && resource.Json["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in new ArmTemplate(nested, $"{Name}/{resource.Json["name"]}").Resources())
                {
                    yield return inner;
                }
            }
        }
    }

    public IReadOnlyList<ArmResource> Resources(string type) =>
        [.. Resources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    public ArmResource Single(string type)
    {
        var matches = Resources(type);
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{Name}: expected one {type}, found {matches.Count}.");
    }

    /// <summary>The module (nested deployment) whose deployment name is <paramref name="deploymentName"/>.</summary>
    public ArmResource Module(string deploymentName) =>
        Resources("Microsoft.Resources/deployments").Single(r => (string?)r.Json["name"] == deploymentName);

    public JsonNode? Variable(string name) => Resolve(_root["variables"]?[name]);

    /// <summary>Replaces a whole-value <c>[variables('x')]</c> by the variable's value, recursively through arrays.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text) && WholeVariable().Match(text) is { Success: true } match:
                return Variable(match.Groups["name"].Value);
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Resolve(item)?.DeepClone())]);
            default:
                return node;
        }
    }

    /// <summary>Writes the text of string variables in place of <c>variables('x')</c> inside an expression.</summary>
    public string Expand(string expression) =>
        VariableReference().Replace(expression, match =>
            Variable(match.Groups["name"].Value) is JsonValue value && value.TryGetValue<string>(out var text) ? text : match.Value);

    private IEnumerable<ArmResource> OwnResources()
    {
        IEnumerable<JsonNode?> nodes = _root["resources"] switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(pair => pair.Value),
            _ => [],
        };
        return nodes.OfType<JsonObject>()
            .Where(r => r["existing"]?.GetValue<bool>() != true)
            .Select(r => new ArmResource(r, this));
    }

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}

/// <summary>One resource of a compiled template, with the template that declares it (for its variables).</summary>
public sealed record ArmResource(JsonObject Json, ArmTemplate Template)
{
    public string Type => (string?)Json["type"] ?? string.Empty;

    public string Name => (string?)Json["name"] ?? string.Empty;

    public JsonNode? Properties => Json["properties"];

    /// <summary>The node at a dotted path, e.g. <c>properties.siteConfig.minTlsVersion</c>.</summary>
    public JsonNode? At(string path) => path.Split('.').Aggregate<string, JsonNode?>(Json, (node, key) => node?[key]);

    public string? String(string path) => At(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public bool? Boolean(string path) => At(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
}
