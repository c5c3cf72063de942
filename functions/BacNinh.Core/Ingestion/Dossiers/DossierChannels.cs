using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>Reads the channel text of a dossier row, ignoring case, diacritics and punctuation.</summary>
public static class DossierChannels
{
    /// <summary>The channel, or null when the text names none of them.</summary>
    public static DossierChannel? Parse(SheetCell cell) => Parse(cell.Text);

    /// <summary>The channel written as <paramref name="text"/>, or null when it names none of them.</summary>
    public static DossierChannel? Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.Length is 0 or > 128)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[text.Length];
        var normalized = buffer[..HeaderText.Normalize(text, buffer)];
        return normalized switch
        {
            "truc tuyen toan trinh" or "toan trinh" or "dvc toan trinh" => DossierChannel.FullOnline,
            "truc tuyen mot phan" or "mot phan" or "dvc mot phan" => DossierChannel.PartialOnline,
            "truc tuyen" or "online" or "qua mang" => DossierChannel.Online,
            "truc tiep" or "nop truc tiep" => DossierChannel.InPerson,
            "buu chinh cong ich" or "bcci" or "buu chinh" or "qua buu chinh" => DossierChannel.Postal,
            _ => null,
        };
    }

    public static bool IsOnline(this DossierChannel channel) =>
        channel is DossierChannel.Online or DossierChannel.FullOnline or DossierChannel.PartialOnline;
}
