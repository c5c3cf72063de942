using System.Text.RegularExpressions;

namespace BacNinh.PowerBI.Tests;

/// <summary>
/// A small structural reader for TMDL: tab-indented objects (<c>table</c>, <c>column</c>,
/// <c>measure</c>, <c>partition</c>, <c>relationship</c>, <c>expression</c>…) with their properties.
/// It checks shape, not DAX or M.
/// </summary>
public sealed partial record TmdlObject(string Kind, string Name, int Depth, int Line, Dictionary<string, string> Properties, List<TmdlObject> Children, string? Expression)
{
    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal)
    {
        "database", "model", "table", "column", "measure", "partition", "relationship", "expression", "refreshPolicy", "ref", "annotation", "hierarchy", "level", "role", "culture",
    };

    public static List<TmdlObject> Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        var roots = new List<TmdlObject>();
        var stack = new Stack<TmdlObject>();
        TmdlObject? multiline = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith("///", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = raw.Length - raw.TrimStart('\t').Length;
            var text = raw.Trim();
            if (multiline is not null && indent > multiline.Depth + 1)
            {
                continue;
            }

            if (raw[indent] == ' ')
            {
                throw new FormatException($"{Path.GetFileName(path)}:{i + 1}: TMDL indents with tabs.");
            }

            multiline = null;
            while (stack.Count > 0 && stack.Peek().Depth >= indent)
            {
                stack.Pop();
            }

            var word = text.Split(' ', 2)[0];
            if (Kinds.Contains(word) && !text.StartsWith(word + ":", StringComparison.Ordinal))
            {
                var match = Declaration().Match(text);
                var name = match.Groups["name"].Value.Trim().Trim('\'');
                var expression = match.Groups["expr"].Success ? match.Groups["expr"].Value.Trim() : null;
                var obj = new TmdlObject(word, name, indent, i + 1, new(StringComparer.Ordinal), [], expression);
                (stack.Count == 0 ? roots : stack.Peek().Children).Add(obj);
                stack.Push(obj);
                if (expression is { Length: 0 })
                {
                    multiline = obj;
                }
            }
            else if (stack.Count > 0 && text.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && !text.Contains('=', StringComparison.Ordinal))
            {
                stack.Peek().Properties[text[..colon].Trim()] = text[(colon + 1)..].Trim();
            }
            else if (stack.Count > 0 && !text.Contains(' ', StringComparison.Ordinal))
            {
                // A flag such as discourageImplicitMeasures.
                stack.Peek().Properties[text] = "true";
            }
            else if (stack.Count > 0 && text.EndsWith('='))
            {
                // A property whose value is an indented block (sourceExpression =, source =).
                var property = text.TrimEnd('=').Trim();
                var block = new List<string>();
                for (var j = i + 1; j < lines.Length && (lines[j].Trim().Length == 0 || lines[j].Length - lines[j].TrimStart('\t').Length > indent); j++)
                {
                    block.Add(lines[j].Trim());
                }

                stack.Peek().Properties[property] = string.Join('\n', block);
                multiline = new TmdlObject("block", property, indent - 1, i + 1, [], [], null);
            }
            else
            {
                throw new FormatException($"{Path.GetFileName(path)}:{i + 1}: unexpected '{text}'.");
            }
        }

        return roots;
    }

    [GeneratedRegex(@"^\w+\s+(?<name>'[^']*'|[^=]+?)(\s*=\s*(?<expr>.*))?$")]
    private static partial Regex Declaration();
}
