using System.Globalization;
using BacNinh.Core.Periods;
using BacNinh.Core.Timeliness;
using static BacNinh.Core.Bulletins.VietnameseNumber;

namespace BacNinh.Core.Bulletins;

/// <summary>
/// The bulletin's paragraph on reporting: the deadline, how many units reported on time and late, the units
/// still missing once the deadline has passed, and the latest ones, in the article's way of listing names.
/// </summary>
public static class TimelinessSection
{
    private const int NamesListed = 12;
    private const int LatestListed = 3;

    public static string Paragraph(Period period, IReadOnlyList<UnitTimeliness> rows, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var deadline = rows[0].Deadline;
        var dueDay = ReportingCalendar.VietnamDate(deadline.AddDays(-1));
        var sentences = new List<string> { $"Hạn gửi báo cáo tháng {period.Month}/{period.Year}: hết ngày {Day(dueDay)}." };
        var reported = rows.Where(r => !r.Missing).ToList();
        var late = reported.Where(r => !r.OnTime).ToList();
        if (reported.Count > 0)
        {
            var onTime = reported.Count - late.Count;
            sentences.Add((onTime, late.Count) switch
            {
                (_, 0) => $"Cả {Count(onTime)} đơn vị báo cáo đều gửi đúng hạn.",
                (0, _) => $"Không đơn vị nào gửi đúng hạn; {Count(late.Count)} đơn vị gửi muộn.",
                _ => $"{Count(onTime)} đơn vị gửi đúng hạn, {Count(late.Count)} đơn vị gửi muộn.",
            });
        }

        var missing = rows.Where(r => r.Missing).Select(r => r.UnitName).ToList();
        if (missing.Count > 0)
        {
            var names = missing.Count <= NamesListed
                ? string.Join(", ", missing)
                : string.Join(", ", missing.Take(NamesListed)) + $" và {Count(missing.Count - NamesListed)} đơn vị khác";
            sentences.Add(asOf >= deadline
                ? $"Đã quá hạn, còn {Count(missing.Count)} đơn vị chưa gửi số liệu: {names}."
                : $"Chưa đến hạn; hiện còn {Count(missing.Count)} đơn vị chưa gửi số liệu: {names}.");
        }

        var latest = late.OrderByDescending(r => r.FirstUploadAt).ThenBy(r => r.UnitCode, StringComparer.Ordinal).Take(LatestListed).ToList();
        if (latest.Count > 0)
        {
            sentences.Add($"Gửi muộn nhất: {string.Join(", ", latest.Select(r => $"{r.UnitName} (ngày {Day(ReportingCalendar.VietnamDate(r.FirstUploadAt!.Value))}, muộn {r.DaysLate} ngày)"))}.");
        }

        var corrected = rows.Where(r => r.Corrections > 0).OrderByDescending(r => r.Corrections).ThenBy(r => r.UnitCode, StringComparer.Ordinal).Take(LatestListed).ToList();
        if (corrected.Count > 0)
        {
            sentences.Add($"Sửa số liệu sau khi gửi: {string.Join(", ", corrected.Select(r => $"{r.UnitName} ({r.Corrections} lần)"))}.");
        }

        return string.Join(" ", sentences);
    }

    private static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
