namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// How the few distinct texts of a column (a channel, a yes/no) were classified, so a million rows
/// normalize each distinct text once instead of once a row. Looked up by the text's span, so a row
/// costs a comparison, not a string. Holds at most <see cref="Capacity"/> texts: past that, or for a
/// long text, the classifier runs every time (a hostile file cannot grow it).
/// </summary>
internal sealed class TextClassMemo<T>(Func<ReadOnlySpan<char>, T> classify)
{
    private const int Capacity = 32;
    private const int MaxLength = 64;

    private readonly string[] _texts = new string[Capacity];
    private readonly T[] _classes = new T[Capacity];
    private int _count;

    public T Classify(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < _count; i++)
        {
            var known = _texts[i];
            if (known.Length == text.Length && text.SequenceEqual(known))
            {
                return _classes[i];
            }
        }

        var value = classify(text);
        if (_count < Capacity && text.Length <= MaxLength)
        {
            _texts[_count] = text.ToString();
            _classes[_count++] = value;
        }

        return value;
    }
}
