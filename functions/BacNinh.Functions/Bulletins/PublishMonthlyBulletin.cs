using BacNinh.Core.Periods;
using BacNinh.Functions.Aggregation;
using BacNinh.Functions.Hosting;
using BacNinh.Storage.Aggregation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Bulletins;

/// <summary>
/// On the 1st of each month, Vietnam time, recomputes the month just ended: its figures, its
/// missing-report list and its bulletin. Linux Flex Consumption runs schedules in UTC only, so the
/// schedule fires on the last days of the month in UTC and this function acts when it is the 1st
/// in Vietnam (UTC+7).
/// </summary>
public sealed partial class PublishMonthlyBulletin(PeriodRecalculator recalculator, AggregationRequests requests, TimeProvider time, ILogger<PublishMonthlyBulletin> logger)
{
    [Function(nameof(PublishMonthlyBulletin))]
    public async Task Run([TimerTrigger(TriggerSources.BulletinSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (!time.IsFirstOfMonthInVietnam())
        {
            LogNotFirst(time.VietnamNow().Date);
            return;
        }

        var period = time.MonthJustEnded();
        if ((await recalculator.RecalculateAsync(period, cancellationToken: cancellationToken).ConfigureAwait(false)).Outcome == RecalculationOutcome.Busy)
        {
            // The month is being recomputed right now; ask for one more run after it, which writes the bulletin.
            await requests.RequestAsync(period, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LogPublished(period.ToString(), timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Not the 1st in Vietnam ({VietnamDate:yyyy-MM-dd}); no bulletin to publish")]
    private partial void LogNotFirst(DateTime vietnamDate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the bulletin of {Period} (past due: {IsPastDue})")]
    private partial void LogPublished(string period, bool isPastDue);
}
