using BacNinh.Functions.Serving.Datasets;
using Microsoft.OData.UriParser;
#pragma warning disable CS0618
using EdmDate = Microsoft.OData.Edm.Date;
#pragma warning restore CS0618

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// Evaluates a parsed <c>$filter</c> (the semantic tree of <see cref="ODataUriParser"/>) on a row.
/// Supported: comparisons, <c>and</c>/<c>or</c>/<c>not</c>, arithmetic, <c>in</c>, and the string and
/// date functions below; any other node is refused with a 400, never guessed at. Numbers compare
/// and compute as decimals, or as doubles when a double is beyond decimal's range (1e300, INF);
/// decimal arithmetic that overflows is a 400, never a 500.
/// </summary>
public static class FilterEvaluator
{
    /// <summary>Throws <see cref="ODataQueryException"/> if the tree holds a node this evaluator does not support.</summary>
    public static void Validate(QueryNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case ConstantNode or SingleValuePropertyAccessNode:
                return;
            case ConvertNode c:
                Validate(c.Source);
                return;
            case BinaryOperatorNode b when b.OperatorKind != BinaryOperatorKind.Has:
                Validate(b.Left);
                Validate(b.Right);
                return;
            case UnaryOperatorNode u:
                Validate(u.Operand);
                return;
            case InNode i when i.Right is CollectionConstantNode:
                Validate(i.Left);
                return;
            case SingleValueFunctionCallNode f when Functions.Contains(f.Name):
                foreach (var parameter in f.Parameters)
                {
                    Validate(parameter);
                }

                return;
            default:
                throw new ODataQueryException("UnsupportedFilter", $"The $filter expression uses {Describe(node)}, which this service does not support.");
        }
    }

    public static bool Matches(SingleValueNode filter, DatasetRow row)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(row);
        return Evaluate(filter, row) is true;
    }

    /// <summary>The value of a constant or property, in the form rows hold it (<see cref="DateOnly"/> for Edm.Date).</summary>
    public static object? Normalize(object? value) => value switch
    {
#pragma warning disable CS0618 // The parser still produces Edm.Date constants in ODL 8.
        EdmDate d => new DateOnly(d.Year, d.Month, d.Day),
#pragma warning restore CS0618
        _ => value,
    };

    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "contains", "startswith", "endswith", "tolower", "toupper", "trim", "length", "indexof", "substring", "concat",
        "year", "month", "day",
    };

    private static object? Evaluate(QueryNode node, DatasetRow row) => node switch
    {
        ConstantNode c => Normalize(c.Value),
        ConvertNode c => Evaluate(c.Source, row),
        SingleValuePropertyAccessNode p => row[p.Property.Name],
        BinaryOperatorNode b => Binary(b, row),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } u => Evaluate(u.Operand, row) is bool v ? !v : null,
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Negate } u => Negate(Evaluate(u.Operand, row)),
        InNode i => ((CollectionConstantNode)i.Right).Collection.Any(c => Compare(Evaluate(i.Left, row), Normalize(c.Value)) == 0),
        SingleValueFunctionCallNode f => Function(f.Name, [.. f.Parameters.Select(p => Evaluate(p, row))]),
        _ => throw new ODataQueryException("UnsupportedFilter", $"The $filter expression uses {Describe(node)}, which this service does not support."),
    };

    private static object? Binary(BinaryOperatorNode node, DatasetRow row)
    {
        if (node.OperatorKind == BinaryOperatorKind.And)
        {
            return Evaluate(node.Left, row) is true && Evaluate(node.Right, row) is true;
        }

        if (node.OperatorKind == BinaryOperatorKind.Or)
        {
            return Evaluate(node.Left, row) is true || Evaluate(node.Right, row) is true;
        }

        var left = Evaluate(node.Left, row);
        var right = Evaluate(node.Right, row);
        switch (node.OperatorKind)
        {
            case BinaryOperatorKind.Equal:
                return Compare(left, right) == 0;
            case BinaryOperatorKind.NotEqual:
                return Compare(left, right) != 0;
        }

        if (left is null || right is null)
        {
            return node.OperatorKind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual ? false : null;
        }

        return node.OperatorKind switch
        {
            BinaryOperatorKind.GreaterThan => Compare(left, right) > 0,
            BinaryOperatorKind.GreaterThanOrEqual => Compare(left, right) >= 0,
            BinaryOperatorKind.LessThan => Compare(left, right) < 0,
            BinaryOperatorKind.LessThanOrEqual => Compare(left, right) <= 0,
            BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply
                or BinaryOperatorKind.Divide or BinaryOperatorKind.Modulo => Arithmetic(node.OperatorKind, left, right),
            _ => throw new ODataQueryException("UnsupportedFilter", $"The operator {node.OperatorKind} is not supported."),
        };
    }

    private static object? Arithmetic(BinaryOperatorKind op, object left, object right)
    {
        if (ToDecimal(left) is { } l && ToDecimal(right) is { } r)
        {
            try
            {
                return op switch
                {
                    BinaryOperatorKind.Add => l + r,
                    BinaryOperatorKind.Subtract => l - r,
                    BinaryOperatorKind.Multiply => l * r,
                    BinaryOperatorKind.Divide => r == 0 ? null : l / r,
                    _ => r == 0 ? null : l % r,
                };
            }
            catch (OverflowException)
            {
                throw new ODataQueryException("ArithmeticOverflow", "The $filter arithmetic goes beyond the range of decimal numbers (±7.9E+28).");
            }
        }

        // A double beyond decimal's range computes as a double, as Edm.Double would.
        if (ToDouble(left) is { } dl && ToDouble(right) is { } dr)
        {
            return op switch
            {
                BinaryOperatorKind.Add => dl + dr,
                BinaryOperatorKind.Subtract => dl - dr,
                BinaryOperatorKind.Multiply => dl * dr,
                BinaryOperatorKind.Divide => dr == 0 ? null : dl / dr,
                _ => dr == 0 ? null : dl % dr,
            };
        }

        return null;
    }

    private static object? Negate(object? value) => value switch
    {
        _ when ToDecimal(value) is { } m => -m,
        _ when ToDouble(value) is { } d => -d,
        _ => null,
    };

    private static object? Function(string name, object?[] args)
    {
        if (args.Any(a => a is null))
        {
            return null;
        }

        return name switch
        {
            "contains" => ((string)args[0]!).Contains((string)args[1]!, StringComparison.Ordinal),
            "startswith" => ((string)args[0]!).StartsWith((string)args[1]!, StringComparison.Ordinal),
            "endswith" => ((string)args[0]!).EndsWith((string)args[1]!, StringComparison.Ordinal),
            "tolower" => ((string)args[0]!).ToLowerInvariant(),
            "toupper" => ((string)args[0]!).ToUpperInvariant(),
            "trim" => ((string)args[0]!).Trim(),
            "length" => ((string)args[0]!).Length,
            "indexof" => ((string)args[0]!).IndexOf((string)args[1]!, StringComparison.Ordinal),
            "concat" => string.Concat((string)args[0]!, (string)args[1]!),
            "substring" => Substring((string)args[0]!, args[1..]),
            "year" => DatePart(args[0]!, d => d.Year),
            "month" => DatePart(args[0]!, d => d.Month),
            "day" => DatePart(args[0]!, d => d.Day),
            _ => throw new ODataQueryException("UnsupportedFilter", $"The function {name} is not supported."),
        };
    }

    private static string Substring(string text, object?[] args)
    {
        var start = Clamp(args[0], text.Length);
        return args.Length > 1 ? text.Substring(start, Clamp(args[1], text.Length - start)) : text[start..];
    }

    /// <summary>A position or length clamped to <c>0..max</c> before it becomes an int, so no number the client sends overflows.</summary>
    private static int Clamp(object? value, int max) => value switch
    {
        _ when ToDecimal(value) is { } m => (int)Math.Clamp(m, 0, max),
        _ when ToDouble(value) is { } d && !double.IsNaN(d) => (int)Math.Clamp(d, 0, max),
        _ => 0,
    };

    private static int DatePart(object value, Func<DateTime, int> part) => value switch
    {
        DateOnly d => part(d.ToDateTime(TimeOnly.MinValue)),
        DateTimeOffset t => part(t.UtcDateTime),
        _ => throw new ODataQueryException("UnsupportedFilter", "year, month and day apply to dates."),
    };

    /// <summary>Orders two values of compatible types; null sorts first and equals only null.</summary>
    public static int Compare(object? left, object? right)
    {
        left = Normalize(left);
        right = Normalize(right);
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        if (ToDecimal(left) is { } l && ToDecimal(right) is { } r)
        {
            return l.CompareTo(r);
        }

        if (ToDouble(left) is { } dl && ToDouble(right) is { } dr)
        {
            return dl.CompareTo(dr);
        }

        if (left is DateOnly or DateTimeOffset && right is DateOnly or DateTimeOffset)
        {
            return ToInstant(left).CompareTo(ToInstant(right));
        }

        return (left, right) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            _ => throw new ODataQueryException("UnsupportedFilter", $"Cannot compare {left.GetType().Name} with {right.GetType().Name}."),
        };
    }

    private static DateTimeOffset ToInstant(object value) => value switch
    {
        DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        DateTimeOffset t => t,
        _ => throw new InvalidOperationException(),
    };

    // Decimal holds ±7.9E+28; a double past that (1e300, INF, NaN) is not converted, it compares and computes as a double.
    private const double DecimalRange = 7.9e28;

    private static decimal? ToDecimal(object? value) => value switch
    {
        decimal m => m,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        double d when Math.Abs(d) < DecimalRange => (decimal)d,
        float f when Math.Abs(f) < DecimalRange => (decimal)f,
        _ => null,
    };

    private static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        _ when ToDecimal(value) is { } m => (double)m,
        _ => null,
    };

    private static string Describe(QueryNode node) => node switch
    {
        SingleValueFunctionCallNode f => $"the function '{f.Name}'",
        BinaryOperatorNode b => $"the operator '{b.OperatorKind}'",
        _ => $"a {node.Kind} expression",
    };
}
