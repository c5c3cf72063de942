namespace BacNinh.Core.Datasets;

public sealed record DatasetField(string Name, FieldKind Kind, bool IsKey = false);
