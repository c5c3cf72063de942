using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BacNinh.Core.Datasets;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Storage.Reference;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// The reference datasets' rows, made from the <see cref="ReferenceData"/> in force, in key order: made once
/// per set and per reference data (the store keeps one instance while its files do not change), with the
/// digest of their content, so a request neither sorts nor hashes the registry again.
/// </summary>
public sealed class ReferenceRows(ReferenceDataStore referenceData)
{
    // Keyed by the reference data instance itself: a replaced registry gets new sets, and the old ones go with it.
    private readonly ConditionalWeakTable<ReferenceData, ConcurrentDictionary<string, Lazy<ReferenceSet>>> _made = [];

    public async Task<IReadOnlyList<DatasetRow>> ForAsync(DatasetDefinition dataset, CancellationToken cancellationToken = default) =>
        (await SetAsync(dataset, cancellationToken).ConfigureAwait(false)).Rows;

    /// <summary>The rows of <paramref name="dataset"/> and their digest, as of the reference data in force.</summary>
    public async Task<ReferenceSet> SetAsync(DatasetDefinition dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var sets = _made.GetValue(reference, _ => new ConcurrentDictionary<string, Lazy<ReferenceSet>>(StringComparer.Ordinal));
        return sets.GetOrAdd(dataset.Name, _ => new Lazy<ReferenceSet>(() => new ReferenceSet(dataset, Make(dataset, reference)))).Value;
    }

    private static DatasetRow[] Make(DatasetDefinition dataset, ReferenceData reference)
    {
        if (dataset == ReferenceDatasets.Units)
        {
            var latestNames = reference.Units.All.GroupBy(u => u.Code, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.MaxBy(u => u.ValidFrom)!.FullName, StringComparer.Ordinal);
            return Sorted(reference.Units.All.Select(u => Row($"{u.Code}|{u.ValidFrom:yyyy-MM-dd}", new()
            {
                ["UnitCode"] = u.Code,
                ["ValidFrom"] = u.ValidFrom,
                ["ValidTo"] = u.ValidTo,
                ["UnitName"] = u.FullName,
                ["ShortName"] = u.ShortName,
                ["Tier"] = u.Tier.ToName(),
                ["ParentCode"] = u.ParentCode,
                ["ParentName"] = u.ParentCode is { } parent && latestNames.TryGetValue(parent, out var name) ? name : null,
                ["Aliases"] = string.Join('|', u.Aliases),
            })));
        }

        if (dataset == ReferenceDatasets.Indicators)
        {
            return Sorted(reference.Indicators.Indicators.Select(i => Row(i.Code, new()
            {
                ["IndicatorCode"] = i.Code,
                ["IndicatorName"] = i.Name,
                ["Headline"] = i.Headline.ToString().ToLowerInvariant(),
                ["NumeratorName"] = i.Numerator.Name,
                ["DenominatorName"] = i.Denominator.Name,
            })));
        }

        if (dataset == ReferenceDatasets.Targets)
        {
            return Sorted(reference.Targets.All.Select(t =>
            {
                var id = $"{t.IndicatorCode}|{t.Tier.ToName()}|{t.UnitCode}|{t.ValidFrom:yyyy-MM-dd}";
                return Row(id, new()
                {
                    ["TargetId"] = id,
                    ["IndicatorCode"] = t.IndicatorCode,
                    ["Tier"] = t.Tier.ToName(),
                    ["UnitCode"] = t.UnitCode,
                    ["TargetRate"] = t.Rate,
                    ["ValidFrom"] = t.ValidFrom,
                    ["ValidTo"] = t.ValidTo,
                    ["Source"] = t.Source,
                });
            }));
        }

        if (dataset == ReferenceDatasets.UnitLineage)
        {
            return Sorted(reference.Lineage.Edges.Select(e =>
            {
                var id = $"{e.Effective:yyyy-MM-dd}|{e.OldCode}|{e.NewCode}";
                return Row(id, new()
                {
                    ["LineageId"] = id,
                    ["Effective"] = e.Effective,
                    ["PredecessorCode"] = e.OldCode,
                    ["PredecessorName"] = e.OldName,
                    ["SuccessorCode"] = e.NewCode,
                    ["SuccessorName"] = e.NewName,
                    ["Kind"] = e.Kind,
                    ["Confidence"] = e.ConfidenceText,
                    ["Source"] = e.Source,
                });
            }));
        }

        throw new ArgumentException($"{dataset.Name} is not a reference dataset.", nameof(dataset));
    }

    private static DatasetRow Row(string key, Dictionary<string, object?> values) => new(string.Empty, key, values);

    private static DatasetRow[] Sorted(IEnumerable<DatasetRow> rows) => [.. rows.OrderBy(r => r.RowKey, StringComparer.Ordinal)];
}
