using System.Diagnostics;
using System.Runtime.CompilerServices;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Store;
using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using Orleans.EventSourcing.Common;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Keeps one grain's journal in its eventfold log directory: loads snapshot + tail, appends each batch of
/// submitted entries as one atomic, conditional batch, and keeps snapshots and rotation going.
/// </summary>
/// <remarks>
/// Failures are reported, not retried in the background: a failed read or write is recorded as a
/// <see cref="StreamOperationFailed"/> issue (the grain sees it in <c>OnConnectionIssue</c>), the pending conditional
/// entries are failed (<c>RaiseConditionalEvent</c> returns <see langword="false"/>), and the confirmed view stays what
/// the disk holds. Unconditional entries (<c>RaiseEvent</c>) keep Orleans' contract instead: they are retried with
/// backoff until written.
/// A view that could not be folded (bad line, throwing fold) faults the adaptor: it refuses further writes, and
/// <c>Synchronize</c> (which a journaled grain's activation awaits) and <c>ConfirmSubmittedEntries</c> throw
/// <see cref="AggregateLoadException"/>, so no grain runs on a partly folded view or loses a <c>RaiseEvent</c> silently.
/// </remarks>
internal sealed class EventFoldLogViewAdaptor<TView, TEntry>
    : PrimaryBasedLogViewAdaptor<TView, TEntry, SubmissionEntry<TEntry>>, ILogViewUpdate<TEntry>, IEventFoldJournal
    where TView : class, new()
    where TEntry : class
{
    /// <summary>Marks a pending entry as failed: never a valid conditional position, so the base class drops it.</summary>
    private const int FailedPosition = -2;

    /// <summary>The base class's marker of an unconditional entry (<c>RaiseEvent</c>).</summary>
    private const int Unconditional = -1;

    private readonly StreamIdentity _stream;
    private readonly EventFoldStore _store;
    private readonly IEntryCodec<TEntry> _codec;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StreamHousekeeping<TView> _housekeeping;
    private readonly StreamReplay<TView, TEntry> _replay;
    private readonly KeyValuePair<string, object?> _typeTag;

    // Keyed by a command's first entry; weak, so entries of finished commands do not stay alive.
    private readonly ConditionalWeakTable<object, StreamOperationFailed> _failures = [];
    private readonly ConditionalWeakTable<object, object> _durabilities = [];

    private JournalCursor<TView> _cursor = null!;

    // The snapshot save after the last append, running off the grain turn and off its acknowledgement.
    private Task _housekeepingTask = Task.CompletedTask;

    // Log segments (a resent command's original events) are read off the turn while the grain goes on: they and a
    // rotation never overlap, or a read could straddle the rotation and come back short.
    private readonly SemaphoreSlim _rotationGate = new(1, 1);
    private bool _loaded;
    private Exception? _fault;
    private WriterLease? _lease;
    private int _released;

    public EventFoldLogViewAdaptor(
        ILogViewAdaptorHost<TView, TEntry> host,
        TView initialState,
        ILogConsistencyProtocolServices services,
        StreamIdentity stream,
        EventFoldStore store,
        IEntryCodec<TEntry> codec,
        TimeProvider time,
        ILogger logger)
        : base(host, initialState, services)
    {
        _stream = stream;
        _store = store;
        _codec = codec;
        _time = time;
        _logger = logger;
        var snapshots = new StreamSnapshots<TView>(stream, store.Options.JsonSerializerOptions, logger);
        _replay = new StreamReplay<TView, TEntry>(stream, host, codec, snapshots, logger);
        _typeTag = EventFoldTelemetry.TypeTag(stream.AggregateType);
        _housekeeping = new StreamHousekeeping<TView>(stream, store.Options, snapshots, logger, _typeTag);
    }

    // Called by the base constructor, before this class's constructor body runs.
    protected override void InitializeConfirmedView(TView initialstate) => _cursor = new JournalCursor<TView>(initialstate);

    protected override TView LastConfirmedView() => _cursor.View;

    protected override int GetConfirmedVersion() => _cursor.Version;

    protected override SubmissionEntry<TEntry> MakeSubmissionEntry(TEntry entry) => new() { Entry = entry };

    protected override async Task ReadAsync()
    {
        await SettleHousekeepingAsync();
        try
        {
            var before = _cursor.Version;
            long folded;
            if (_loaded)
            {
                folded = await CatchUpOffTurnAsync();
            }
            else
            {
                _loaded = true;
                // The first read is the activation's (which the grain awaits before any call runs): reading the
                // snapshot and the tail runs on the store's background threads, not on the grain turn. A new stream
                // has nothing to read and skips the hop.
                (folded, var snapshotVersion) = _replay.HasLog
                    ? await _store.Background.RunAsync(() => _replay.Load(_cursor, () => InitialState))
                    : _replay.Load(_cursor, () => InitialState);
                _housekeeping.SnapshotVersion = snapshotVersion;
            }

            EventFoldTelemetry.EventsReplayed.Add(folded, _typeTag);
            LastPrimaryIssue.Resolve(Host, Services);
            if (_cursor.Version != before)
            {
                Log.Loaded(_logger, _stream.ToString(), _cursor.Version, _housekeeping.SnapshotVersion, folded);
            }
        }
        catch (Exception e)
        {
            _fault = e;
            Log.ReadFailed(_logger, e, _stream.ToString(), _cursor.Version);
            Record(e, isWrite: false);
        }
    }

    protected override async Task<int> WriteAsync()
    {
        var updates = GetCurrentBatchOfUpdates();
        await SettleHousekeepingAsync();
        if (_fault is not null)
        {
            var refused = Record(new InvalidOperationException($"The journal of {_stream} is faulted and accepts no writes until the grain is reactivated.", _fault), isWrite: true);
            return Fail(updates, refused);
        }

        var versionBefore = _cursor.Version;
        AppendResult[] results;
        try
        {
            var (batches, durable) = SplitIntoCommands(updates, _time.GetUtcNow());
            _lease ??= await _store.OpenWriterAsync(_stream.AggregateType, _stream.Id, CancellationToken.None);
            // Pinned until flushed: the pool (MaxOpenWriters) never closes a writer in use; one it closed reopens here.
            using var pinned = await _lease.PinAsync();
            var started = Stopwatch.GetTimestamp();
            var (offset, hash) = (_cursor.Offset, _cursor.Hash);
            // Durable: the store's group committer writes and flushes on its own thread (shared with every stream
            // waiting meanwhile) while this turn is suspended. Buffered: one write to the page cache, no flush.
            var wholeFileSystem = !_lease.EntriesDurable;
            results = durable
                ? await _store.Committer.CommitAsync(pinned.Writer, batches, offset, hash, wholeFileSystem)
                : pinned.Writer.AppendBatchesIf(batches, offset, hash, Durability.Buffered);
            if (durable && wholeFileSystem && OperatingSystem.IsLinux())
            {
                // That syncfs made the stream's directories, app.jsonl and registry line durable too.
                _lease.EntriesDurable = true;
            }
            EventFoldTelemetry.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, _typeTag);
            EventFoldTelemetry.EventsAppended.Add(updates.Length, _typeTag);
        }
        catch (AppendConflictException)
        {
            EventFoldTelemetry.AppendConflicts.Add(1, _typeTag);
            return await CatchUpAfterConflictAsync(updates, versionBefore);
        }
        catch (Exception e)
        {
            // Nothing of this group is on disk: the writer undoes a partial write, or a failed flush cuts every
            // command of the group off; none of them is acknowledged.
            Log.WriteFailed(_logger, e, _stream.ToString(), updates.Length, _cursor.Version);
            _lease?.Discard();
            _lease = null;
            var failure = Record(e, isWrite: true);
            if (updates.Any(u => u.ConditionalPosition == Unconditional))
            {
                // RaiseEvent promises the event will be written: keep Orleans' contract and retry it with backoff
                // (the grain sees each failure in OnConnectionIssue). Aggregates use conditional appends only.
                await LastPrimaryIssue.DelayBeforeRetry();
                return 0;
            }

            return Fail(updates, failure);
        }

        _cursor.Advance(results[^1].EndOffset, results[^1].LineHash);
        if (_housekeeping.RotationDue(_cursor))
        {
            // Before the acknowledgement, so a reader of the files after it never straddles a rotation this group
            // started; before the fold, so commands deciding meanwhile see the batch once (pending, not yet in the
            // view). The rotation runs on the store's background threads; this turn is suspended, the grain goes on.
            await _rotationGate.WaitAsync();
            try
            {
                if (!await _housekeeping.RotateAsync(_cursor, _lease, _store.Background))
                {
                    // The batch is on disk: a failed rotation never fails the command; the next lease repairs it.
                    _lease.Discard();
                    _lease = null;
                }
            }
            finally
            {
                _rotationGate.Release();
            }
        }

        FoldWritten(updates);
        Projections.NoticePublisher.Published(_store, _stream.AggregateType, _stream.Id, versionBefore, _cursor.Version, results[^1].EndOffset, results[^1].LineHash);
        if (_fault is null)
        {
            LastPrimaryIssue.Resolve(Host, Services);
        }

        // The snapshot file is written off the turn and off the acknowledgement; the next write, read or deactivation
        // waits for it. Not awaited here: until this method returns, the base class still counts this batch as pending
        // while the view already holds it, and a command deciding in that window would see it twice.
        _housekeepingTask = _housekeeping.SnapshotIfDueAsync(_cursor, _store.Background, CopyView);
        return updates.Length;
    }

    private TView CopyView(TView view) => Services.DeepCopy(view);

    /// <summary>Waits for the last append's snapshot save (which never throws: a failure is logged, the log stays the truth).</summary>
    private async Task SettleHousekeepingAsync()
    {
        var task = _housekeepingTask;
        try
        {
            await task;
        }
        catch (Exception e)
        {
            // The guard only.
            Log.SnapshotFailed(_logger, e, _stream.ToString(), _cursor.Version);
        }

        if (ReferenceEquals(task, _housekeepingTask))
        {
            _housekeepingTask = Task.CompletedTask;
        }
    }

    /// <summary>
    /// One batch per command (a conditional submission starts with the entry that carries its result promise; a run
    /// of unconditional entries is one batch), each encoded as events; durable when any command asks for it.
    /// </summary>
    private (List<IReadOnlyList<Event>> Batches, bool Durable) SplitIntoCommands(SubmissionEntry<TEntry>[] updates, DateTimeOffset now)
    {
        var batches = new List<IReadOnlyList<Event>>();
        List<Event>? current = null;
        var durable = false;
        for (var i = 0; i < updates.Length; i++)
        {
            var update = updates[i];
            var startsCommand = current is null
                || update.ResultPromise is not null
                || (update.ConditionalPosition == Unconditional && updates[i - 1].ConditionalPosition != Unconditional);
            if (startsCommand)
            {
                current = [];
                batches.Add(current);
                durable |= DurabilityOf(update.Entry!) == Durability.Durable;
            }

            current!.Add(_codec.Encode(update.Entry!, now));
        }

        return (batches, durable);
    }

    private Durability DurabilityOf(object firstEntry) =>
        _durabilities.TryGetValue(firstEntry, out var chosen) ? (Durability)chosen : _store.Options.Durability;

    /// <inheritdoc />
    public void SetDurability(object firstEntry, Durability durability) => _durabilities.AddOrUpdate(firstEntry, durability);

    /// <inheritdoc />
    public StreamOperationFailed? TakeFailure(object firstEntry)
    {
        if (_failures.TryGetValue(firstEntry, out var failure))
        {
            _failures.Remove(firstEntry);
            return failure;
        }

        return null;
    }

    /// <inheritdoc />
    public bool Faulted => _fault is not null;

    /// <summary>Orleans' confirmation, except that a faulted journal throws instead of returning as if every entry were written.</summary>
    /// <remarks>The faulted activation is also deactivated, so the next call reloads the stream from disk.</remarks>
    public new async Task ConfirmSubmittedEntries()
    {
        await base.ConfirmSubmittedEntries();
        ThrowIfFaulted(deactivate: true);
    }

    /// <summary>Orleans' refresh, except that a faulted journal throws: a journaled grain's activation awaits this, so it fails.</summary>
    public new async Task Synchronize()
    {
        await base.Synchronize();
        ThrowIfFaulted(deactivate: false);
    }

    public override async Task PostOnDeactivate()
    {
        await base.PostOnDeactivate();
        await OnGrainDeactivatingAsync();
    }

    /// <summary>Saves the snapshot (per policy) and releases the writer; idempotent.</summary>
    public async Task OnGrainDeactivatingAsync()
    {
        // Let a write in flight finish first; this runs on the grain's scheduler, so no new one starts meanwhile.
        await base.ConfirmSubmittedEntries();
        await SettleHousekeepingAsync();
        if (_fault is null && Volatile.Read(ref _released) == 0)
        {
            try
            {
                await _housekeeping.OnDeactivationAsync(_cursor, _store.Background, CopyView);
            }
            catch (Exception e)
            {
                // The store may be shutting down (its background threads gone): the snapshot is only a cache.
                Log.SnapshotFailed(_logger, e, _stream.ToString(), _cursor.Version);
            }
        }

        ReleaseAfterDeactivation();
    }

    /// <summary>The last step of an activation's life: snapshot per policy, close the writer. Runs once.</summary>
    public void ReleaseAfterDeactivation()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        try
        {
            // Only when no snapshot save is in flight (an abrupt deactivation): two saves would write the same file.
            if (_fault is null && _housekeepingTask.IsCompleted)
            {
                _housekeeping.OnDeactivation(_cursor);
            }
        }
        finally
        {
            _lease?.Dispose();
            _lease = null;
        }
    }

    public override async Task<IReadOnlyList<TEntry>> RetrieveLogSegment(int fromVersion, int toVersion)
    {
        // Decoding only, no fold: safe on the background threads while the grain goes on. A rotation moves events from
        // app.jsonl to the archive, so the read waits for one in flight and the next one waits for the read.
        await _rotationGate.WaitAsync();
        try
        {
            return await _store.Background.RunAsync(() => _replay.Segment(fromVersion, toVersion));
        }
        finally
        {
            _rotationGate.Release();
        }
    }

    private void FoldWritten(SubmissionEntry<TEntry>[] updates)
    {
        try
        {
            foreach (var update in updates)
            {
                _durabilities.Remove(update.Entry!);
                Host.UpdateView(_cursor.View, update.Entry!);
                _cursor.Version++;
            }
        }
        catch (Exception e)
        {
            // The events are on disk but the view could not fold them: never go on with a wrong view.
            _fault = e;
            Record(e, isWrite: false);
        }
    }

    private async Task<int> CatchUpAfterConflictAsync(SubmissionEntry<TEntry>[] updates, int versionBefore)
    {
        try
        {
            await CatchUpOffTurnAsync();
        }
        catch (Exception e)
        {
            _fault = e;
            Log.ReadFailed(_logger, e, _stream.ToString(), _cursor.Version);
            return Fail(updates, Record(e, isWrite: false));
        }

        Log.Conflict(_logger, _stream.ToString(), versionBefore, _cursor.Version);
        // The base class fails the now-stale conditional entries; if the version did not move (the log was rewritten
        // to the same length), nothing would make them stale, so fail them here rather than loop.
        return _cursor.Version == versionBefore ? Fail(updates, failure: null) : 0;
    }

    private void ThrowIfFaulted(bool deactivate)
    {
        if (_fault is null)
        {
            return;
        }

        if (deactivate && Host is IGrainBase grain)
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, _fault, $"the journal of {_stream} is faulted"));
        }

        throw new AggregateLoadException(_stream.AggregateType, _stream.Id, _cursor.Version, _fault);
    }

    /// <summary>Fails every pending entry (the base class then drops them); each command remembers why, for its caller.</summary>
    private int Fail(SubmissionEntry<TEntry>[] updates, StreamOperationFailed? failure)
    {
        foreach (var update in updates)
        {
            update.ConditionalPosition = FailedPosition;
            _durabilities.Remove(update.Entry!);
            if (failure is not null && update.ResultPromise is not null)
            {
                _failures.AddOrUpdate(update.Entry!, failure);
            }
        }

        return 0;
    }

    /// <summary>
    /// Catches the view up with what another writer appended (or a full replay when the log changed under it). The
    /// reading and folding run on the store's background threads into a copy of the view, so commands interleaving
    /// meanwhile keep reading the current one; the copy replaces it on the turn.
    /// </summary>
    private async Task<long> CatchUpOffTurnAsync()
    {
        var copy = _cursor.With(Services.DeepCopy(_cursor.View));
        var folded = await _store.Background.RunAsync(() => _replay.CatchUp(copy, () => InitialState));
        _cursor.Adopt(copy);
        return folded;
    }

    private StreamOperationFailed Record(Exception e, bool isWrite)
    {
        var failure = new StreamOperationFailed
        {
            Exception = e,
            IsWrite = isWrite,
            AggregateType = _stream.AggregateType,
            StreamId = _stream.Id,
            Version = _cursor.Version,
        };
        LastPrimaryIssue.Record(failure, Host, Services);
        return failure;
    }
}
