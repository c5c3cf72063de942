namespace BacNinh.Core.Datasets;

/// <summary>The type of a dataset field, mapped to EDM types in the OData feed.</summary>
public enum FieldKind
{
    String,
    Int32,
    Int64,
    Decimal,
    Boolean,
    Date,
    DateTimeOffset,
}
