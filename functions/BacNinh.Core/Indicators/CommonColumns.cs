namespace BacNinh.Core.Indicators;

/// <summary>Header synonyms of the columns every indicator table may have.</summary>
public sealed record CommonColumns(
    ColumnSpec Unit,
    ColumnSpec UnitCode,
    ColumnSpec Parent,
    ColumnSpec Rate,
    ColumnSpec IndicatorCode,
    ColumnSpec Period);
