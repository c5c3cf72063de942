using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// What a request for an entity set asks, parsed by <see cref="ODataUriParser"/> and checked: the set,
/// <c>$filter</c> (only nodes <see cref="FilterEvaluator"/> evaluates), the order (<see cref="FeedOrder"/>),
/// <c>$select</c>, <c>$top</c>, <c>$skip</c>, <c>$count</c>, where the page starts (<see cref="SkipToken"/>), and how its rows are read:
/// in the table's key order, or month by month sorted.
/// </summary>
public sealed record FeedPlan(ODataPath Path, DatasetDefinition Dataset, SingleValueNode? Filter, SelectExpandClause Select,
    List<(DatasetField Field, bool Descending)> OrderBy, long? Top, long? Skip, bool Count, SkipToken? Token)
{
    /// <summary>The months the filter confines the read to (either end open when null).</summary>
    public (Period? From, Period? To) Months { get; } = TablePushdown.PeriodRange(Filter);

    public bool IsReference => ReferenceDatasets.IsReference(Dataset);

    /// <summary>True when the filter names one month of a period-partitioned set.</summary>
    public bool SingleMonth => Dataset.PeriodPartitioned && Months.From is { } first && Months.To == first;

    /// <summary>True when pages are key ranges of the table, read in its order with nothing sorted.</summary>
    public bool KeyOrder => IsReference || (FeedOrder.IsKeyOrder(Dataset, OrderBy) && !Count);

    public static FeedPlan Parse(IEdmModel model, Uri serviceRoot, string path, FeedQueryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parser = new ODataUriParser(model, serviceRoot, new Uri(serviceRoot, path + options.QueryString));
        FeedPlan plan;
        try
        {
            var odataPath = parser.ParsePath();
            if (odataPath.Count != 1 || odataPath.FirstSegment is not EntitySetSegment segment)
            {
                throw new ODataQueryException("UnsupportedPath", "Only whole entity sets can be read; filter them with $filter.");
            }

            var dataset = ServedDatasets.Find(segment.EntitySet.Name)!;
            var filter = parser.ParseFilter()?.Expression;
            if (filter is not null)
            {
                FilterEvaluator.Validate(filter);
            }

            var orderBy = FeedOrder.OrderFields(dataset, parser.ParseOrderBy());
            var token = parser.ParseSkipToken() is { } text ? SkipToken.Decode(text, orderBy.Count) : null;
            plan = new FeedPlan(odataPath, dataset, filter, parser.ParseSelectAndExpand(), orderBy, parser.ParseTop(), parser.ParseSkip(), parser.ParseCount() == true, token);
        }
        catch (OverflowException)
        {
            // The URI parser converts literals to the types they meet (1e300 or INF compared with a decimal) and lets the overflow out.
            throw new ODataQueryException("InvalidNumber", "A number in the query is beyond the range of the type it is compared with.");
        }

        plan.Check();
        return plan;
    }

    /// <summary>Refuses what would read or sort the whole set on every page.</summary>
    private void Check()
    {
        if (Count && !IsReference && !SingleMonth)
        {
            throw new ODataQueryException("UnsupportedCount",
                "$count is served for one month at a time (PeriodStart ge … and PeriodStart lt … the next month, or Period eq …); counting more would read the whole set.");
        }

        if (!KeyOrder && !SingleMonth && OrderBy[0].Field.Name is not ("Period" or "PeriodStart"))
        {
            throw new ODataQueryException("UnsupportedOrderBy",
                "$orderby must start with Period or PeriodStart, or the filter must name one month: any other order would sort the whole set on every page.");
        }
    }
}
