using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;
using Microsoft.OData.UriParser;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// Turns the conditions of a <c>$filter</c> on period, indicator and tier into a Table Storage
/// query: period bounds (<c>Period</c>, or <c>PeriodStart</c> ranges as a Power BI incremental
/// refresh sends them) become a partition-key range, an indicator in a single period an exact
/// partition, a tier a row-key or property condition. Only top-level <c>and</c> terms are used and
/// the ranges are never narrower than the filter, so evaluating the whole filter afterwards gives
/// the same rows. Every value goes through <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
public static class TablePushdown
{
    public static string? Build(DatasetDefinition dataset, SingleValueNode? filter, (string PartitionKey, string RowKey)? after = null, Period? within = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var (from, to, indicator, tier) = Conditions(filter);
        if (within is { } month)
        {
            Narrow(ref from, ref to, month, month);
        }

        return Build(dataset, from, to, indicator, tier, after);
    }

    /// <summary>The months a filter's top-level terms confine it to (either end open when null).</summary>
    public static (Period? From, Period? To) PeriodRange(SingleValueNode? filter)
    {
        var (from, to, _, _) = Conditions(filter);
        return (from, to);
    }

    /// <summary>The indicator a filter's top-level terms fix, if any.</summary>
    public static string? Indicator(SingleValueNode? filter) => Conditions(filter).Indicator;

    private static (Period? From, Period? To, string? Indicator, string? Tier) Conditions(SingleValueNode? filter)
    {
        Period? from = null;
        Period? to = null;
        string? indicator = null;
        string? tier = null;
        foreach (var term in Terms(filter))
        {
            if (!TryComparison(term, out var field, out var op, out var value))
            {
                continue;
            }

            switch (field)
            {
                case "Period" when value is string text && Period.TryParse(text, out var period):
                    switch (op)
                    {
                        case BinaryOperatorKind.Equal: Narrow(ref from, ref to, period, period); break;
                        case BinaryOperatorKind.GreaterThan: Narrow(ref from, ref to, period.Next, null); break;
                        case BinaryOperatorKind.GreaterThanOrEqual: Narrow(ref from, ref to, period, null); break;
                        case BinaryOperatorKind.LessThan: Narrow(ref from, ref to, null, period.Previous); break;
                        case BinaryOperatorKind.LessThanOrEqual: Narrow(ref from, ref to, null, period); break;
                    }

                    break;
                case "PeriodStart" when ToDate(value) is { } date:
                    // PeriodStart is always the first of its month.
                    var month = Period.FromDate(date.Date);
                    var firstOfMonth = date.Date.Day == 1 && date.Exact;
                    switch (op)
                    {
                        case BinaryOperatorKind.Equal: Narrow(ref from, ref to, month, month); break;
                        case BinaryOperatorKind.GreaterThan: Narrow(ref from, ref to, date.Exact ? month.Next : month, null); break;
                        case BinaryOperatorKind.GreaterThanOrEqual: Narrow(ref from, ref to, firstOfMonth ? month : month.Next, null); break;
                        case BinaryOperatorKind.LessThan: Narrow(ref from, ref to, null, firstOfMonth ? month.Previous : month); break;
                        case BinaryOperatorKind.LessThanOrEqual: Narrow(ref from, ref to, null, month); break;
                    }

                    break;
                case "IndicatorCode" when op == BinaryOperatorKind.Equal && value is string code:
                    indicator = code;
                    break;
                case "Tier" when op == BinaryOperatorKind.Equal && value is string name:
                    tier = name;
                    break;
            }
        }

        return (from, to, indicator, tier);
    }

    private static string? Build(DatasetDefinition dataset, Period? from, Period? to, string? indicator, string? tier, (string PartitionKey, string RowKey)? after)
    {
        var clauses = new List<string>();
        if (dataset.PeriodPartitioned && (from is not null || to is not null))
        {
            if (from is { } single && to == single && indicator is not null && dataset.Find("IndicatorCode") is not null)
            {
                clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.PeriodIndicator(single, indicator)}"));
            }
            else
            {
                // From the bare period, so partitions keyed by the period alone (Uploads) are in range too.
                if (from is { } lower)
                {
                    clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {lower.ToString()}"));
                }

                if (to is { } upper)
                {
                    clauses.Add(TableClient.CreateQueryFilter($"PartitionKey lt {TableKeys.PeriodRange(upper, upper).To}"));
                }
            }
        }

        if (indicator is not null && dataset.Find("IndicatorCode") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"IndicatorCode eq {indicator}"));
        }

        if (tier is not null && dataset.Find("Tier") is not null)
        {
            // Tier aggregates are keyed by tier within their partition.
            clauses.Add(dataset.Name == DatasetCatalog.TierAggregates.Name
                ? TableClient.CreateQueryFilter($"RowKey eq {TableKeys.Safe(tier)}")
                : TableClient.CreateQueryFilter($"Tier eq {tier}"));
        }

        if (after is { } key)
        {
            clauses.Add("(" + TableClient.CreateQueryFilter($"PartitionKey gt {key.PartitionKey} or (PartitionKey eq {key.PartitionKey} and RowKey gt {key.RowKey})") + ")");
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    private static IEnumerable<SingleValueNode> Terms(SingleValueNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        if (Strip(node) is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and)
        {
            foreach (var term in Terms(and.Left).Concat(Terms(and.Right)))
            {
                yield return term;
            }
        }
        else
        {
            yield return node;
        }
    }

    private static bool TryComparison(SingleValueNode node, out string field, out BinaryOperatorKind op, out object? value)
    {
        field = string.Empty;
        op = default;
        value = null;
        if (Strip(node) is not BinaryOperatorNode binary)
        {
            return false;
        }

        if (Strip(binary.Left) is SingleValuePropertyAccessNode left && Strip(binary.Right) is ConstantNode right)
        {
            (field, op, value) = (left.Property.Name, binary.OperatorKind, FilterEvaluator.Normalize(right.Value));
            return true;
        }

        if (Strip(binary.Right) is SingleValuePropertyAccessNode property && Strip(binary.Left) is ConstantNode constant)
        {
            op = binary.OperatorKind switch
            {
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                var same => same,
            };
            (field, value) = (property.Property.Name, FilterEvaluator.Normalize(constant.Value));
            return true;
        }

        return false;
    }

    private static SingleValueNode Strip(SingleValueNode node) => node is ConvertNode convert ? Strip(convert.Source) : node;

    // A date constant, or the UTC date of an instant (Exact false: the instant may fall inside that day).
    private static (DateOnly Date, bool Exact)? ToDate(object? value) => value switch
    {
        DateOnly d => (d, true),
        DateTimeOffset t => (DateOnly.FromDateTime(t.UtcDateTime), t.UtcDateTime.TimeOfDay == TimeSpan.Zero),
        _ => null,
    };

    private static void Narrow(ref Period? from, ref Period? to, Period? lower, Period? upper)
    {
        if (lower is { } l && (from is null || l > from.Value))
        {
            from = l;
        }

        if (upper is { } u && (to is null || u < to.Value))
        {
            to = u;
        }
    }
}
