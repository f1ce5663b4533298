namespace EventFold.Orleans.Projections;

/// <summary>How projections run in a silo; set with <c>services.Configure&lt;ProjectionOptions&gt;(...)</c>.</summary>
public sealed class ProjectionOptions
{
    /// <summary>The name of the Orleans memory stream provider that carries write notices.</summary>
    public const string StreamProviderName = "EventFold.Notices";

    /// <summary>Publish a notice after each confirmed write (default on). Off, projections still converge from the files on activation, polling and read-your-writes.</summary>
    public bool PublishNotices { get; set; } = true;

    /// <summary>Activate every projection grain class when the silo starts, so each catches up at once (default on).</summary>
    public bool ActivateOnSiloStart { get; set; } = true;

    /// <summary>How often an active projection checks every followed stream for events it missed (default 1 minute); <see cref="TimeSpan.Zero"/> turns polling off.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many notices wait to be published; more are dropped (the files still hold the events). Default 100,000.</summary>
    public int MaxPendingNotices { get; set; } = 100_000;

    /// <summary>
    /// Also wake each subscribed projection grain with a one-way call after each write (default on): the fast path, which
    /// does not wait for the stream's polled queues. Off, only the notice stream wakes projections (lag about
    /// <see cref="NoticePullingPeriod"/>).
    /// </summary>
    public bool DirectNotices { get; set; } = true;

    /// <summary>
    /// How often the notice stream's pulling agents look for new notices (Orleans' <c>StreamPullingAgentOptions.GetQueueMsgsTimerPeriod</c>).
    /// Default 100 ms, Orleans' own: with <see cref="DirectNotices"/> the stream is only the second wake-up. Without it the
    /// period is most of a projection's lag (about 90 ms at the median at 100 ms, 4 ms at 5 ms), and a short period costs
    /// idle CPU in every silo: on a 2-core VM 5 ms took about 6% of one core more than 100 ms, 2 ms about 15% (see the
    /// projections rows of tests/EventFold.Benchmarks/README.md).
    /// </summary>
    public TimeSpan NoticePullingPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many memory queues carry the notices (default 8, Orleans' own default; all notices of one aggregate type share one queue).</summary>
    public int NoticeQueues { get; set; } = 8;
}
