using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion;

/// <summary>Header and label text reduced for comparison: no case, diacritics or punctuation.</summary>
public static class HeaderText
{
    public static string Normalize(string text)
    {
        var folded = UnitNameKey.Fold(text);
        var words = folded.Split(static c => !char.IsLetterOrDigit(c)).Where(w => w.Length > 0);
        return string.Join(' ', words);
    }
}
