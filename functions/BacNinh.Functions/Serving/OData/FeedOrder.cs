using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using Microsoft.OData.UriParser;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// The feed's row orders: the fields of <c>$orderby</c>, then the storage keys (so every order is
/// total and a skip token names one place in it), and which orders are the table's own key order.
/// </summary>
public static class FeedOrder
{
    /// <summary>The fields of <c>$orderby</c>, each with its direction; a <c>400</c> for anything but a property of the set.</summary>
    public static List<(DatasetField Field, bool Descending)> OrderFields(DatasetDefinition dataset, OrderByClause? clause)
    {
        var fields = new List<(DatasetField, bool)>();
        for (; clause is not null; clause = clause.ThenBy)
        {
            var expression = clause.Expression is ConvertNode convert ? convert.Source : clause.Expression;
            if (expression is not SingleValuePropertyAccessNode property || dataset.Find(property.Property.Name) is not { } field)
            {
                throw new ODataQueryException("UnsupportedOrderBy", "$orderby takes properties of the entity set.");
            }

            fields.Add((field, clause.Direction == OrderByDirection.Descending));
        }

        return fields;
    }

    /// <summary>Compares two rows by the order's fields, then by their storage keys.</summary>
    public static int CompareRows(DatasetRow a, DatasetRow b, List<(DatasetField Field, bool Descending)> orderBy)
    {
        foreach (var (field, descending) in orderBy)
        {
            var c = FilterEvaluator.Compare(a[field.Name], b[field.Name]);
            if (c != 0)
            {
                return descending ? -c : c;
            }
        }

        var pk = string.CompareOrdinal(a.PartitionKey, b.PartitionKey);
        return pk != 0 ? pk : string.CompareOrdinal(a.RowKey, b.RowKey);
    }

    /// <summary>Compares a row with the place a skip token names, in the same order.</summary>
    public static int CompareToToken(DatasetRow row, SkipToken token, List<(DatasetField Field, bool Descending)> orderBy)
    {
        for (var i = 0; i < orderBy.Count; i++)
        {
            var (field, descending) = orderBy[i];
            var c = FilterEvaluator.Compare(row[field.Name], token.OrderValue(i, field));
            if (c != 0)
            {
                return descending ? -c : c;
            }
        }

        var pk = string.CompareOrdinal(row.PartitionKey, token.PartitionKey);
        return pk != 0 ? pk : string.CompareOrdinal(row.RowKey, token.RowKey);
    }

    /// <summary>
    /// True when ordering by these fields is the table's key order (period, then indicator, then
    /// the row key), ascending: then pages are key ranges and nothing is sorted.
    /// </summary>
    public static bool IsKeyOrder(DatasetDefinition dataset, List<(DatasetField Field, bool Descending)> orderBy)
    {
        if (orderBy.Count == 0)
        {
            return true;
        }

        if (!dataset.PeriodPartitioned || orderBy.Any(o => o.Descending) || orderBy.Count > 2 || orderBy[0].Field.Name is not ("Period" or "PeriodStart"))
        {
            return false;
        }

        // Partitions are {yyyy-MM}_{indicator} for the sets with an indicator, the bare month for the others.
        return orderBy.Count == 1 || (orderBy[1].Field.Name == "IndicatorCode" && dataset.Find("IndicatorCode") is not null);
    }

    /// <summary>The index of the first row after the token's row in a sorted month.</summary>
    public static int UpperBound(List<DatasetRow> group, SkipToken token, List<(DatasetField Field, bool Descending)> orderBy)
    {
        int low = 0, high = group.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (CompareToToken(group[mid], token, orderBy) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
