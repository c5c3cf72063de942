namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>How a dossier was submitted (<c>Hình thức nộp</c>).</summary>
public enum DossierChannel
{
    /// <summary>The export has no channel column.</summary>
    NotGiven,

    /// <summary><c>Trực tuyến</c> without saying full or partial.</summary>
    Online,

    /// <summary><c>Trực tuyến toàn trình</c>.</summary>
    FullOnline,

    /// <summary><c>Trực tuyến một phần</c>.</summary>
    PartialOnline,

    /// <summary><c>Trực tiếp</c>.</summary>
    InPerson,

    /// <summary><c>Bưu chính công ích</c> (BCCI).</summary>
    Postal,
}
