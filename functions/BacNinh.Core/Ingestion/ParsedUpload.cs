using BacNinh.Core.Periods;

namespace BacNinh.Core.Ingestion;

/// <summary>The outcome of reading one uploaded file: accepted rows and every problem found.</summary>
public sealed record ParsedUpload(
    Period? Period,
    IReadOnlyList<UnitObservation> Observations,
    IReadOnlyList<UploadProblem> Problems,
    IReadOnlyList<string> SkippedSheets,
    int RowsRead,
    int RowsRejected)
{
    private readonly int? _problemCount;

    public int RowsAccepted => Observations.Count;

    /// <summary>Every problem found; <see cref="Problems"/> lists at most the report's limit of them.</summary>
    public int ProblemCount
    {
        get => Math.Max(_problemCount ?? 0, Problems.Count);
        init => _problemCount = value;
    }

    public UploadStatus Status =>
        Observations.Count == 0 ? UploadStatus.Rejected
        : Problems.Count == 0 ? UploadStatus.Accepted
        : UploadStatus.AcceptedWithErrors;

    public static ParsedUpload Rejected(Period? period, params UploadProblem[] problems) =>
        new(period, [], problems, [], 0, 0);
}
