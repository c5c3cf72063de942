namespace BacNinh.Core.Uploaders;

/// <summary>Which units an uploader may report for (contract §3a).</summary>
public enum UploaderScope
{
    /// <summary>Its own unit only.</summary>
    Self,

    /// <summary>Its unit and every unit under it (a district and its communes).</summary>
    Children,

    /// <summary>Every unit: the coordinating department that compiles the province's report.</summary>
    All,
}
