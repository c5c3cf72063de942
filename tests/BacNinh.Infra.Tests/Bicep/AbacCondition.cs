using System.Text;

namespace BacNinh.Infra.Tests.Bicep;

/// <summary>One blob request as Azure ABAC sees it: the data action, its suboperation and the attributes a storage condition reads.</summary>
public sealed record BlobRequest(string Action, string? SubOperation, string Container, string? Path = null, string? Prefix = null)
{
    public const string Read = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    public const string Write = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write";
    public const string Add = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action";
    public const string Delete = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete";

    public static BlobRequest ReadBlob(string container, string path) => new(Read, null, container, Path: path);

    public static BlobRequest List(string container, string? prefix) => new(Read, "Blob.List", container, Prefix: prefix);

    public static BlobRequest CreateBlob(string container, string path) => new(Add, null, container, Path: path);

    public static BlobRequest WriteBlob(string container, string path) => new(Write, null, container, Path: path);

    public static BlobRequest DeleteBlob(string container, string path) => new(Delete, null, container, Path: path);
}

/// <summary>
/// A small evaluator of the Azure role assignment condition language (version 2.0), for the subset the
/// templates use: <c>ActionMatches</c>, <c>SubOperationMatches</c>, <c>!</c>/<c>NOT</c>, <c>AND</c>, <c>OR</c>,
/// parentheses, and <c>StringEquals</c>/<c>StringStartsWith</c> on a blob's container name, path and list prefix.
/// Anything else throws, so a condition that drifts from this subset fails its tests instead of being guessed at.
/// An attribute the request does not carry (a listing without a prefix) makes its comparison false, as in Azure.
/// </summary>
public sealed class AbacCondition
{
    private const string ContainerName = "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]";
    private const string BlobPath = "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]";
    private const string ListPrefix = "@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix]";

    private readonly List<string> _tokens;
    private int _position;
    private BlobRequest _request = null!;

    public AbacCondition(string text) => _tokens = Tokenize(text);

    /// <summary>Whether a role with <paramref name="dataActions"/> and this condition allows the request.</summary>
    public bool Allows(IEnumerable<string> dataActions, BlobRequest request) =>
        dataActions.Contains(request.Action, StringComparer.Ordinal) && Evaluate(request);

    public bool Evaluate(BlobRequest request)
    {
        _request = request;
        _position = 0;
        var result = Or();
        return _position == _tokens.Count ? result : throw Unexpected();
    }

    private bool Or()
    {
        var result = And();
        while (Accept("OR"))
        {
            result |= And();
        }

        return result;
    }

    private bool And()
    {
        var result = Unary();
        while (Accept("AND"))
        {
            result &= Unary();
        }

        return result;
    }

    private bool Unary()
    {
        if (Accept("!") || Accept("NOT"))
        {
            return !Unary();
        }

        if (Accept("("))
        {
            var inner = Or();
            Expect(")");
            return inner;
        }

        var token = Next();
        switch (token)
        {
            case "ActionMatches":
                return Braced() == _request.Action;
            case "SubOperationMatches":
                return Braced() == _request.SubOperation;
            case ContainerName or BlobPath or ListPrefix:
                var value = token switch
                {
                    ContainerName => _request.Container,
                    BlobPath => _request.Path,
                    _ => _request.Prefix,
                };
                var op = Next();
                var operand = Quoted(Next());
                return value is not null && op switch
                {
                    "StringEquals" => string.Equals(value, operand, StringComparison.Ordinal),
                    "StringStartsWith" => value.StartsWith(operand, StringComparison.Ordinal),
                    _ => throw new NotSupportedException($"Operator {op} is not evaluated by this test."),
                };
            default:
                throw new NotSupportedException($"'{token}' is not evaluated by this test.");
        }
    }

    private string Braced()
    {
        var token = Next();
        return token.StartsWith('{') && token.EndsWith('}') ? Quoted(token[1..^1]) : throw Unexpected();
    }

    private static string Quoted(string token) =>
        token.Length >= 2 && token[0] == '\'' && token[^1] == '\''
            ? token[1..^1]
            : throw new FormatException($"Expected a quoted string, found {token}.");

    private bool Accept(string token)
    {
        if (_position < _tokens.Count && _tokens[_position] == token)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw Unexpected();
        }
    }

    private string Next() => _position < _tokens.Count ? _tokens[_position++] : throw Unexpected();

    private FormatException Unexpected() =>
        new($"Unexpected {(_position < _tokens.Count ? $"'{_tokens[_position]}'" : "end")} at token {_position} of the condition.");

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '!')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i);
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (c == '@')
            {
                var end = text.IndexOf(']', i);
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (char.IsLetter(c))
            {
                var word = new StringBuilder();
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    word.Append(text[i++]);
                }

                tokens.Add(word.ToString());
            }
            else
            {
                throw new FormatException($"Unexpected character '{c}' at {i} of the condition.");
            }
        }

        return tokens;
    }
}
