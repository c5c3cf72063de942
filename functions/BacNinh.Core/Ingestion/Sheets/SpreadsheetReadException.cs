namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// The file cannot be read: it is damaged, or it breaks a limit. The one failure a reader lets
/// out for the file's own faults (the libraries' exceptions are wrapped at the reader boundary);
/// it carries where it happened and the report's code, and its message is for the clerk.
/// </summary>
public sealed class SpreadsheetReadException : Exception
{
    public SpreadsheetReadException(string code, string message, string? sheet = null, int? row = null, string? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Sheet = sheet;
        Row = row;
        Column = column;
    }

    public SpreadsheetReadException()
        : this(ProblemCodes.CorruptFile, "Tệp bị hỏng, không đọc được.")
    {
    }

    public SpreadsheetReadException(string message)
        : this(ProblemCodes.CorruptFile, message)
    {
    }

    public SpreadsheetReadException(string message, Exception innerException)
        : this(ProblemCodes.CorruptFile, message, innerException: innerException)
    {
    }

    /// <summary><c>FILE_TOO_LARGE</c> or <c>CORRUPT_FILE</c>.</summary>
    public string Code { get; }

    public string? Sheet { get; }

    /// <summary>1-based row, when the failure is in one.</summary>
    public int? Row { get; }

    /// <summary>Column letters, when the failure is in one cell.</summary>
    public string? Column { get; }

    public UploadProblem ToProblem() => new(Sheet, Row, Column, Code, Message);
}
