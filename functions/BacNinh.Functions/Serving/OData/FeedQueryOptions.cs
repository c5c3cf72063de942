using Microsoft.AspNetCore.Http;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// A feed request's query options, each once, in one fixed order: what the page is parsed from, kept
/// under and linked to. Any other parameter is refused with a 400, <c>$</c> or not: dropping it would
/// let <c>&amp;x=1</c>, <c>&amp;x=2</c>… each build and keep a page of its own, and a mistyped option
/// (<c>filter=</c> for <c>$filter=</c>) would silently serve the whole set.
/// </summary>
public sealed class FeedQueryOptions
{
    /// <summary>The options the feed serves, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Supported = ["$filter", "$select", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format"];

    private readonly string?[] _values;

    private FeedQueryOptions(string?[] values) => _values = values;

    public string? this[string name] => _values[IndexOf(name)];

    /// <summary>The options as a query string (<c>?…</c>, or empty), in the fixed order.</summary>
    public string QueryString => Format(Supported.Select((name, i) => (name, _values[i])));

    /// <summary>Reads the options of <paramref name="query"/>; a 400 for an unknown, repeated or non-JSON one.</summary>
    public static FeedQueryOptions Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new string?[Supported.Count];
        foreach (var (name, value) in query)
        {
            var i = IndexOf(name);
            if (i < 0)
            {
                throw new ODataQueryException("UnsupportedQueryOption", name.StartsWith('$')
                    ? $"The query option '{name}' is not supported by this service."
                    : $"The query parameter '{name}' is not one this service takes: only {string.Join(", ", Supported)}.");
            }

            if (value.Count != 1)
            {
                throw new ODataQueryException("RepeatedQueryOption", $"The query option '{name}' is given more than once.");
            }

            values[i] = value[0];
        }

        var format = values[IndexOf("$format")];
        if (format is not null && !format.StartsWith("json", StringComparison.OrdinalIgnoreCase) && !format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ODataQueryException("UnsupportedFormat", "Only JSON is served.");
        }

        return new FeedQueryOptions(values);
    }

    /// <summary>The query string of the next page: these options with <c>$top</c> what remains of it and <c>$skiptoken</c> where this page ended.</summary>
    public string Next(long? remainingTop, string skipToken) =>
        Format(Supported.Select((name, i) => (name, name switch
        {
            "$skip" => null,
            "$top" => remainingTop?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "$skiptoken" => skipToken,
            _ => _values[i],
        })));

    private static int IndexOf(string name)
    {
        for (var i = 0; i < Supported.Count; i++)
        {
            if (string.Equals(Supported[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Format(IEnumerable<(string Name, string? Value)> options)
    {
        var parts = options.Where(o => o.Value is not null).Select(o => $"{o.Name}={Uri.EscapeDataString(o.Value!)}").ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
