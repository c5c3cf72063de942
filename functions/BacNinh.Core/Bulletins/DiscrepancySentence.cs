using BacNinh.Core.Aggregation;
using BacNinh.Core.Indicators;

namespace BacNinh.Core.Bulletins;

/// <summary>The bulletin's one sentence on where typed reports and dossier records disagree most (§2b).</summary>
public static class DiscrepancySentence
{
    /// <summary>Names up to <paramref name="largest"/> discrepancies, largest first; null when there are none.</summary>
    public static string? Compose(IReadOnlyList<ReportDiscrepancy> discrepancies, IndicatorCatalog catalog, int largest = 3)
    {
        ArgumentNullException.ThrowIfNull(discrepancies);
        ArgumentNullException.ThrowIfNull(catalog);
        if (discrepancies.Count == 0)
        {
            return null;
        }

        var named = discrepancies
            .OrderByDescending(d => Math.Abs(d.DifferencePoints))
            .Take(largest)
            .Select(d => $"{d.UnitName} ({(catalog.Find(d.IndicatorCode)?.Name ?? d.IndicatorCode).ToLowerInvariant()}: báo cáo {VietnameseNumber.Percent(d.ReportedRate)}, " +
                $"dữ liệu hồ sơ {VietnameseNumber.Percent(d.RecordRate)})");
        return $"Có {discrepancies.Count} số liệu báo cáo lệch quá 1 điểm phần trăm so với dữ liệu hồ sơ; lệch nhiều nhất: {string.Join("; ", named)}.";
    }
}
