using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// Counts dossiers per receiving unit and month (§2b): <c>ONLINE_DOSSIERS</c> and <c>DIGITIZED</c>
/// by month received, <c>ON_TIME</c> by month resolved. Memory is one counter set per unit-month,
/// whatever the number of dossiers. Each dossier must be added once: the caller keeps the current
/// record of each id (the newest upload's).
/// </summary>
public sealed class DossierTally
{
    public const string OnlineDossiers = "ONLINE_DOSSIERS";
    public const string OnTime = "ON_TIME";
    public const string Digitized = "DIGITIZED";

    private readonly Dictionary<(string Unit, Period Period), Counts> _counts = [];

    // The same counters found by the unit's instance, not its code: a record's unit is one of its registry's few
    // hundred instances, so a record costs one lookup by reference, not two hashes of a string. Two instances of
    // one code share their counters. Bounded, should a caller build a new unit for every record.
    private const int MaxInstances = 65_536;
    private readonly Dictionary<Unit, UnitPeriods> _byInstance = new(ReferenceEqualityComparer.Instance);
    private MonthOfDate _receivedMonths;
    private MonthOfDate _resolvedMonths;

    /// <summary>Whether the channel is known for the dossiers added (else no online rate is given).</summary>
    public bool HasChannel { get; set; } = true;

    public void Add(DossierRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var unit = PeriodsOf(record.Unit);
        var received = unit.Of(_receivedMonths.Of(record.Received));
        received.Received++;
        if (record.Channel != DossierChannel.NotGiven)
        {
            received.ChannelKnown++;
        }

        if (record.Channel.IsOnline())
        {
            received.Online++;
        }

        switch (record.Channel)
        {
            case DossierChannel.FullOnline: received.FullOnline++; break;
            case DossierChannel.PartialOnline: received.PartialOnline++; break;
            case DossierChannel.InPerson: received.InPerson++; break;
            case DossierChannel.Postal: received.Postal++; break;
        }

        if (record.Digitized is { } digitized)
        {
            received.DigitizedKnown++;
            received.Digitized += digitized ? 1 : 0;
        }

        if (record.Resolved is { } resolvedOn && record.OnTime is { } onTime)
        {
            var resolved = unit.Of(_resolvedMonths.Of(resolvedOn));
            resolved.ResolvedWithDue++;
            resolved.OnTime += onTime ? 1 : 0;
        }
    }

    /// <summary>The record-based figures as observations, one per unit, month and indicator that has dossiers.</summary>
    public IReadOnlyList<UnitObservation> Observations(string source)
    {
        var observations = new List<UnitObservation>();
        foreach (var ((_, period), c) in _counts.OrderBy(c => c.Key.Period).ThenBy(c => c.Key.Unit, StringComparer.Ordinal))
        {
            // Dossiers kept from several exports: a unit-month none of whose exports gave the channel has no online rate.
            if (c.ChannelKnown > 0 && HasChannel)
            {
                var breakdowns = new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["FullOnline"] = c.FullOnline,
                    ["PartialOnline"] = c.PartialOnline,
                    ["InPerson"] = c.InPerson,
                    ["Postal"] = c.Postal,
                };
                observations.Add(Observation(OnlineDossiers, period, c.Unit, c.Online, c.Received, breakdowns, source));
            }

            if (c.DigitizedKnown > 0)
            {
                observations.Add(Observation(Digitized, period, c.Unit, c.Digitized, c.DigitizedKnown, null, source));
            }

            if (c.ResolvedWithDue > 0)
            {
                observations.Add(Observation(OnTime, period, c.Unit, c.OnTime, c.ResolvedWithDue, null, source));
            }
        }

        return observations;
    }

    private static UnitObservation Observation(string indicator, Period period, Unit unit, long numerator, long denominator, Dictionary<string, long>? breakdowns, string source) =>
        new(period, indicator, unit.Code, unit.FullName, unit.Tier, unit.ParentCode, numerator, denominator, 100m * numerator / denominator,
            breakdowns ?? (IReadOnlyDictionary<string, long>)System.Collections.ObjectModel.ReadOnlyDictionary<string, long>.Empty, source, 0);

    private UnitPeriods PeriodsOf(Unit unit)
    {
        if (!_byInstance.TryGetValue(unit, out var periods))
        {
            periods = new UnitPeriods(this, unit);
            if (_byInstance.Count < MaxInstances)
            {
                _byInstance[unit] = periods;
            }
        }

        return periods;
    }

    private Counts CountsOf(Unit unit, Period period)
    {
        if (!_counts.TryGetValue((unit.Code, period), out var counts))
        {
            _counts[(unit.Code, period)] = counts = new Counts(unit);
        }

        return counts;
    }

    /// <summary>One unit instance's counters by month: a unit has dossiers in a few months, found by a short scan.</summary>
    private sealed class UnitPeriods(DossierTally tally, Unit unit)
    {
        private const int MaxRemembered = 64;

        private Period[] _periods = new Period[4];
        private Counts[] _counts = new Counts[4];
        private int _count;

        public Counts Of(Period period)
        {
            for (var i = 0; i < _count; i++)
            {
                if (_periods[i] == period)
                {
                    return _counts[i];
                }
            }

            var counts = tally.CountsOf(unit, period);
            if (_count < MaxRemembered)
            {
                if (_count == _periods.Length)
                {
                    Array.Resize(ref _periods, _count * 2);
                    Array.Resize(ref _counts, _count * 2);
                }

                (_periods[_count], _counts[_count]) = (period, counts);
                _count++;
            }

            return counts;
        }
    }

    private sealed class Counts(Unit unit)
    {
        public Unit Unit { get; } = unit;

        public long Received { get; set; }

        public long ChannelKnown { get; set; }

        public long Online { get; set; }

        public long FullOnline { get; set; }

        public long PartialOnline { get; set; }

        public long InPerson { get; set; }

        public long Postal { get; set; }

        public long DigitizedKnown { get; set; }

        public long Digitized { get; set; }

        public long ResolvedWithDue { get; set; }

        public long OnTime { get; set; }
    }
}
