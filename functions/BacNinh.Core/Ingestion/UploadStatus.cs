namespace BacNinh.Core.Ingestion;

public enum UploadStatus
{
    Accepted,
    AcceptedWithErrors,
    Rejected,
}
