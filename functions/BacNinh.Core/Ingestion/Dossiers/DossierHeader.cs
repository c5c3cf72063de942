using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// The columns of a one-stop-shop export (§2b), found by header text ignoring case, diacritics and
/// punctuation. A row is an export's header when it names a dossier id and a received date.
/// </summary>
public sealed record DossierHeader(
    int IdColumn,
    int ReceivedColumn,
    int? UnitColumn,
    int? DueColumn,
    int? ResolvedColumn,
    int? ChannelColumn,
    int? DigitizedColumn)
{
    private static readonly string[] Id = ["ma ho so", "so ho so"];
    private static readonly string[] Unit = ["don vi tiep nhan", "co quan giai quyet", "don vi", "co quan tiep nhan", "ma don vi"];
    private static readonly string[] Received = ["ngay tiep nhan", "ngay nop"];
    private static readonly string[] Due = ["han xu ly", "ngay hen tra", "han giai quyet"];
    private static readonly string[] Resolved = ["ngay co ket qua", "ngay hoan thanh", "ngay tra ket qua"];
    private static readonly string[] Channel = ["hinh thuc nop", "kenh nop"];
    private static readonly string[] Digitized = ["so hoa", "da so hoa"];

    /// <summary>The columns a reader must keep; computed once, the blank-row test walks them on every row without an id.</summary>
    public int[] UsedColumns => field ??= [.. new int?[] { IdColumn, ReceivedColumn, UnitColumn, DueColumn, ResolvedColumn, ChannelColumn, DigitizedColumn }.OfType<int>()];

    /// <summary>The export's header when <paramref name="row"/> is one; null otherwise.</summary>
    public static DossierHeader? Detect(SheetRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var names = new Dictionary<int, string>();
        for (var i = 0; i < row.Count; i++)
        {
            if (row.CellAt(i).Value is string text && text.Length <= 200)
            {
                names[row.ColumnAt(i)] = HeaderText.Normalize(text);
            }
        }

        if (Find(names, Id) is not { } id || Find(names, Received) is not { } received)
        {
            return null;
        }

        return new DossierHeader(id, received, Find(names, Unit), Find(names, Due), Find(names, Resolved), Find(names, Channel), Find(names, Digitized));
    }

    /// <summary>The first column, left to right, whose header is one of the synonyms, tried in their order.</summary>
    private static int? Find(Dictionary<int, string> names, string[] synonyms)
    {
        foreach (var synonym in synonyms)
        {
            foreach (var (column, name) in names.OrderBy(n => n.Key))
            {
                if (name == synonym)
                {
                    return column;
                }
            }
        }

        return null;
    }
}
