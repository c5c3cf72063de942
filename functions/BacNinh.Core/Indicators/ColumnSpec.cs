namespace BacNinh.Core.Indicators;

/// <summary>A column an upload may carry, with the header texts that name it.</summary>
public sealed record ColumnSpec(string Key, string Name, IReadOnlyList<string> Synonyms);
