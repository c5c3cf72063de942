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
    public int RowsAccepted => Observations.Count;

    public UploadStatus Status =>
        Observations.Count == 0 ? UploadStatus.Rejected
        : Problems.Count == 0 ? UploadStatus.Accepted
        : UploadStatus.AcceptedWithErrors;

    public static ParsedUpload Rejected(Period? period, params UploadProblem[] problems) =>
        new(period, [], problems, [], 0, 0);
}
