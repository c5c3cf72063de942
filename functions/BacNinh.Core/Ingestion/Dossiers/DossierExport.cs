using BacNinh.Core.Periods;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>What reading one dossier export gave: counts, problems, and what its header offered.</summary>
public sealed record DossierExport(
    string Sheet,
    int RowsRead,
    int RowsRejected,
    IReadOnlyList<UploadProblem> Problems,
    int ProblemCount,
    bool HasChannel,
    bool HasDigitized,
    IReadOnlyCollection<Period> ReceivedPeriods)
{
    public int RowsAccepted => RowsRead - RowsRejected;

    public UploadStatus Status =>
        RowsAccepted == 0 ? UploadStatus.Rejected
        : ProblemCount == 0 ? UploadStatus.Accepted
        : UploadStatus.AcceptedWithErrors;

    public static DossierExport Rejected(UploadProblem problem) =>
        new(string.Empty, 0, 0, [problem], 1, false, false, []);
}
