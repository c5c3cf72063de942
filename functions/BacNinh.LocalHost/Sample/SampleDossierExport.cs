using System.Globalization;
using System.Text;
using BacNinh.Core.Periods;

namespace BacNinh.LocalHost.Sample;

/// <summary>
/// The main job's sample one-stop-shop export (§2b): one row per dossier, generated for a few units of a month
/// whose typed <c>ONLINE_DOSSIERS</c> file the sample also uploads. Every unit's dossiers match what it typed,
/// except the first unit's, which has fewer online dossiers than it reported (<see cref="StrayPoints"/> points
/// fewer): the record rate then stands beside a typed rate it disagrees with.
/// </summary>
public static class SampleDossierExport
{
    /// <summary>How many units of the typed file the export covers, from its top.</summary>
    public const int Units = 3;

    /// <summary>How far below its typed rate the first unit's dossiers put it, in percentage points (rounded to whole dossiers).</summary>
    public const int StrayPoints = 15;

    /// <summary>The month of the export: the latest sample month, after the reorganization of July 2025.</summary>
    public static Period Month { get; } = new(2025, 7);

    public static string FileName => $"ho-so-mot-cua-{Month}.csv";

    /// <summary>The typed file of <see cref="Month"/> the export is made against.</summary>
    public static string TypedFile(string sampleFolder) => Path.Combine(sampleFolder, Month.ToString(), $"online-dossiers-{Month}.csv");

    /// <summary>The units the export covers and the dossiers it has for each, from the typed file (code, name, total, online columns).</summary>
    public static IReadOnlyList<SampleDossierUnit> Plan(string typedFile)
    {
        var units = File.ReadLines(typedFile, Encoding.UTF8).Skip(1)
            .Select(line => line.Split(','))
            .Where(cells => cells.Length >= 4)
            .Take(Units)
            .Select(cells => new SampleDossierUnit(cells[0], cells[1], long.Parse(cells[3], CultureInfo.InvariantCulture), long.Parse(cells[2], CultureInfo.InvariantCulture)))
            .ToList();
        if (units.Count > 0)
        {
            var first = units[0];
            units[0] = first with { Online = Math.Max(0, first.Online - (first.Received * StrayPoints / 100)) };
        }

        return units;
    }

    /// <summary>The export as the system writes it: UTF-8 CSV, Vietnamese headers, dates <c>dd/MM/yyyy HH:mm</c> in Vietnam time.</summary>
    public static byte[] Generate(IReadOnlyList<SampleDossierUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var csv = new StringBuilder("Mã hồ sơ,Đơn vị tiếp nhận,Ngày tiếp nhận,Hạn xử lý,Ngày có kết quả,Hình thức nộp,Số hóa\n");
        var days = DateTime.DaysInMonth(Month.Year, Month.Month);
        foreach (var unit in units)
        {
            for (var i = 0; i < unit.Received; i++)
            {
                var received = new DateTime(Month.Year, Month.Month, 1 + (i % days), 8 + (i % 9), 5 * (i % 12), 0);
                var due = received.AddDays(7);
                // Most dossiers are resolved in three days; one in eight late, one in twenty still pending.
                var resolved = i % 20 == 19 ? null : (DateTime?)received.AddDays(i % 8 == 7 ? 9 : 3);
                var channel = i < unit.Online
                    ? (i % 3 == 0 ? "Trực tuyến một phần" : "Trực tuyến toàn trình")
                    : (i % 10 == 0 ? "Bưu chính công ích" : "Trực tiếp");
                csv.Append(CultureInfo.InvariantCulture, $"{unit.Code}-{Month.Year}{Month.Month:00}-{i + 1:00000},{unit.Name},{Date(received)},{Date(due)},{(resolved is { } r ? Date(r) : string.Empty)},{channel},{(i % 4 == 0 ? "Không" : "Có")}\n");
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Date(DateTime value) => value.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A unit of the sample export: its dossiers received in the month and how many of them online.</summary>
public sealed record SampleDossierUnit(string Code, string Name, long Online, long Received);
