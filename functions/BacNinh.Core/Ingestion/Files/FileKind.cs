namespace BacNinh.Core.Ingestion.Files;

/// <summary>What an upload is, judged by its content first and its name second.</summary>
public enum FileKind
{
    Xlsx,
    Xls,
    Csv,
}
