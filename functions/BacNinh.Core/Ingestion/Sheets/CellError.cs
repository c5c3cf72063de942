namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>A formula cell whose cached result is an Excel error such as <c>#DIV/0!</c> or <c>#REF!</c>.</summary>
public sealed record CellError(string Code)
{
    public override string ToString() => Code;
}
