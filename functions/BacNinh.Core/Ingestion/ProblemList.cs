namespace BacNinh.Core.Ingestion;

/// <summary>
/// The problems of one upload as a report lists them: the first <see cref="Limit"/> kept, every
/// one counted, so a file with a million bad rows costs a thousand problems of memory.
/// </summary>
public sealed class ProblemList(int limit)
{
    private readonly List<UploadProblem> _listed = [];

    public int Limit { get; } = limit;

    /// <summary>Every problem added, listed or not.</summary>
    public int Count { get; private set; }

    public IReadOnlyList<UploadProblem> Listed => _listed;

    public void Add(UploadProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (_listed.Count < Limit)
        {
            _listed.Add(problem);
        }

        Count++;
    }

    /// <summary>Adds another list's problems, and counts the ones it did not list.</summary>
    public void AddRange(IReadOnlyList<UploadProblem> listed, int count)
    {
        ArgumentNullException.ThrowIfNull(listed);
        foreach (var problem in listed)
        {
            Add(problem);
        }

        Count += Math.Max(count - listed.Count, 0);
    }
}
