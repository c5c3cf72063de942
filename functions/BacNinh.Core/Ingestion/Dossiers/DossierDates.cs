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

    /// <summary>
    /// The system's own form, <c>d/M/yyyy[ H:mm[:ss]]</c>, read digit by digit: a million rows carry
    /// three dates each, and the general parser tries its formats one after another.
    /// </summary>
    private static bool TryParseVietnamese(ReadOnlySpan<char> text, out DateTime date)
    {
        if (TryParseFixed(text, out date, out var fits))
        {
            return true;
        }

        if (fits)
        {
            // The usual layout with a day, month or time that does not exist.
            return false;
        }

        var i = 0;
        if (!Number(text, ref i, 1, 2, out var day) || !Separator(text, ref i, '/')
            || !Number(text, ref i, 1, 2, out var month) || !Separator(text, ref i, '/')
            || !Number(text, ref i, 4, 4, out var year))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        if (i < text.Length)
        {
            if (!Separator(text, ref i, ' ') || !Number(text, ref i, 1, 2, out hour) || !Separator(text, ref i, ':') || !Number(text, ref i, 2, 2, out minute))
            {
                return false;
            }

            if (i < text.Length && (!Separator(text, ref i, ':') || !Number(text, ref i, 2, 2, out second)))
            {
                return false;
            }
        }

        if (i != text.Length || month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        date = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>
    /// The export's usual layouts, <c>dd/MM/yyyy</c> and <c>dd/MM/yyyy HH:mm:ss</c>, read at fixed places.
    /// <paramref name="fits"/> says the text has one of those layouts: then the answer is final, else the general reading decides.
    /// </summary>
    private static bool TryParseFixed(ReadOnlySpan<char> text, out DateTime date, out bool fits)
    {
        date = default;
        fits = text.Length switch
        {
            10 => text[2] == '/' && text[5] == '/',
            19 => text[2] == '/' && text[5] == '/' && text[10] == ' ' && text[13] == ':' && text[16] == ':',
            _ => false,
        };
        if (!fits)
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        if (!Digits(text, 0, out var day) || !Digits(text, 3, out var month) || !Digits(text, 6, out var century) || !Digits(text, 8, out var yearOfCentury)
            || (text.Length == 19 && (!Digits(text, 11, out hour) || !Digits(text, 14, out minute) || !Digits(text, 17, out second))))
        {
            // Not digits where they belong: not a date at all, whatever the general reading would make of it.
            fits = false;
            return false;
        }

        var year = (century * 100) + yearOfCentury;
        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        date = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>Two ASCII digits at <paramref name="at"/>.</summary>
    internal static bool Digits(ReadOnlySpan<char> text, int at, out int value)
    {
        uint tens = (uint)(text[at] - '0'), units = (uint)(text[at + 1] - '0');
        value = (int)((tens * 10) + units);
        return tens <= 9 && units <= 9;
    }

    private static bool Number(ReadOnlySpan<char> text, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && i - start < maxDigits && char.IsAsciiDigit(text[i]))
        {
            value = (value * 10) + (text[i++] - '0');
        }

        return i - start >= minDigits;
    }

    private static bool Separator(ReadOnlySpan<char> text, ref int i, char separator)
    {
        if (i < text.Length && text[i] == separator)
        {
            i++;
            return true;
        }

        return false;
    }

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
                return TryParse(s, out date);
            default:
                return false;
        }
    }

    /// <summary>A date written as text (a CSV field): true with the date, or with null when blank; false when it is not a date.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime? date)
    {
        date = null;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return true;
        }

        if (TryParseVietnamese(text, out var quick))
        {
            date = quick;
            return true;
        }

        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
