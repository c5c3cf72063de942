using Microsoft.Playwright;

namespace BacNinh.IntegrationTests.Browser;

/// <summary>What a page did that a user would not see but a test must: console errors, requests, and answers of 400 or more.</summary>
public sealed class PageEvents
{
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _requests = [];
    private readonly List<string> _failedResponses = [];

    private PageEvents()
    {
    }

    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    public IReadOnlyList<string> Requests => _requests;

    public IReadOnlyList<string> FailedResponses => _failedResponses;

    public static PageEvents Watch(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var events = new PageEvents();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                events._consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.Request += (_, request) => events._requests.Add(request.Url);
        page.Response += (_, answer) =>
        {
            if (answer.Status >= 400)
            {
                events._failedResponses.Add($"{answer.Status} {answer.Request.Method} {answer.Url}");
            }
        };
        return events;
    }
}
