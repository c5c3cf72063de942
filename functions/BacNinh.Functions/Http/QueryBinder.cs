using System.Diagnostics.CodeAnalysis;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Functions.Serving.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Http;

/// <summary>
/// Reads the <c>period</c>, <c>tier</c> and <c>indicator</c> values routes and query strings carry,
/// the same way for every function that takes them. A value that does not parse gives the
/// <see cref="ApiProblem"/> to answer with; an absent or empty optional value is <c>null</c>.
/// </summary>
public static class QueryBinder
{
    public const string PeriodName = "period";
    public const string TierName = "tier";
    public const string IndicatorName = "indicator";

    public const string InvalidPeriod = "The period must be written yyyy-MM.";

    public static readonly string InvalidTier = $"The tier must be one of {string.Join(", ", TierNames.Scopes)}.";

    /// <summary>A required period, such as the <c>{period}</c> of a route.</summary>
    public static bool TryPeriod(string? text, out Period period, [NotNullWhen(false)] out IActionResult? problem)
    {
        problem = Period.TryParse(text, out period) ? null : ApiProblem.BadRequest(InvalidPeriod);
        return problem is null;
    }

    /// <summary>The optional <c>?period=</c> of the query string.</summary>
    public static bool TryOptionalPeriod(HttpRequest request, out Period? period, [NotNullWhen(false)] out IActionResult? problem)
    {
        period = null;
        problem = null;
        if (Value(request, PeriodName) is not { } text)
        {
            return true;
        }

        if (!TryPeriod(text, out var parsed, out problem))
        {
            return false;
        }

        period = parsed;
        return true;
    }

    /// <summary>The optional <c>?tier=</c> of the query string, lower-cased: a tier or <c>all</c>.</summary>
    public static bool TryOptionalTier(HttpRequest request, out string? tier, [NotNullWhen(false)] out IActionResult? problem)
    {
        tier = Value(request, TierName)?.ToLowerInvariant();
        problem = tier is null || TierNames.Scopes.Contains(tier) ? null : ApiProblem.BadRequest(InvalidTier);
        return problem is null;
    }

    /// <summary>The optional <c>?indicator=</c> of the query string, as a catalog code (upper case).</summary>
    public static string? OptionalIndicator(HttpRequest request) => Value(request, IndicatorName)?.ToUpperInvariant();

    /// <summary>The <c>period</c>, <c>indicator</c> and <c>tier</c> filters of the dataset routes.</summary>
    public static bool TryDatasetFilter(HttpRequest request, [NotNullWhen(true)] out DatasetFilter? filter, [NotNullWhen(false)] out IActionResult? problem)
    {
        filter = null;
        if (!TryOptionalPeriod(request, out var period, out problem) || !TryOptionalTier(request, out var tier, out problem))
        {
            return false;
        }

        filter = new DatasetFilter(period, OptionalIndicator(request), tier);
        return true;
    }

    private static string? Value(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values) ? values.ToString() : null;
    }
}
