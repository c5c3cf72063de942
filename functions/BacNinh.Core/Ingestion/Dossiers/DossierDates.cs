using System.Globalization;
using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// Dates of a dossier row, in Vietnam time as the system writes them: an Excel date (a date-formatted
/// cell, or a serial number) or text <c>dd/MM/yyyy[ HH:mm[:ss]]</c> (also ISO <c>yyyy-MM-dd</c>).
/// </summary>
public static class DossierDates
{
    private static readonly string[] Formats =
    [
        "d/M/yyyy", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "d-M-yyyy", "d-M-yyyy H:mm", "d-M-yyyy H:mm:ss",
        "d.M.yyyy", "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss",
    ];

    /// <summary>Excel's serial numbers for 1 January 1900 and 31 December 9999.</summary>
    private const double FirstSerial = 1;
    private const double LastSerial = 2958465;

    /// <summary>True with the date, or with null for an empty cell; false when the cell holds something that is not a date.</summary>
    public static bool TryParse(SheetCell cell, out DateTime? date)
    {
        date = null;
        switch (cell.Value)
        {
            case null:
                return true;
            case DateTime d:
                date = d;
                return true;
            case double serial when serial is >= FirstSerial and <= LastSerial:
                date = DateTime.FromOADate(serial);
                return true;
            case string s:
                var text = s.AsSpan().Trim();
                if (text.IsEmpty)
                {
                    return true;
                }

                if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out var parsed))
                {
                    date = parsed;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }
}
