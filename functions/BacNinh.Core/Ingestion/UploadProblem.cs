namespace BacNinh.Core.Ingestion;

/// <summary>One problem found in an upload, located by sheet, 1-based row and column letter.</summary>
public sealed record UploadProblem(string? Sheet, int? Row, string? Column, string Code, string Message)
{
    public static UploadProblem ForFile(string code, string message) => new(null, null, null, code, message);
}
