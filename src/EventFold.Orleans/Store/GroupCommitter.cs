using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace EventFold.Orleans.Store;

/// <summary>
/// The store-wide group commit of durable appends: one dedicated thread takes every append queued since its last
/// round, writes each (one write call per stream, each command its own framed batch), makes them all durable together
/// (one <c>syncfs</c>, or parallel <c>fdatasync</c>s, see <see cref="GroupSyncMode"/>) and only then completes them.
/// </summary>
/// <remarks>
/// <para>Appends arriving while a round flushes wait for the next round, so the flush cost is shared by everything that
/// queued meanwhile: the busier the store, the more appends per flush. No grain turn and no thread-pool thread waits
/// on the disk: callers await a task completed by this thread (continuations run asynchronously).</para>
/// <para>While appends follow each other closely (a sequential caller), the thread waits for the next one by yielding
/// its core in a loop for up to <see cref="SpinBeforeSleep"/> instead of sleeping: waking a sleeping thread (and its
/// halted virtual CPU) adds tens to hundreds of microseconds to each of a sequential caller's commands.</para>
/// <para>Failure: a failed write fails only its own request (the writer truncates it back). A failed flush fails every
/// request it covered: their bytes are cut off, their writers faulted (reopened by the next lease, which repairs the
/// tail), and none of them is acknowledged.</para>
/// </remarks>
internal sealed class GroupCommitter : IDisposable
{
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly SafeFileHandle? _fileSystem;
    private readonly string _baseDirectory;
    private readonly SyncThreads? _syncThreads;
    private List<Request> _queue = [];

    // Set when an append is queued, cleared when a round takes the queue: what the spin watches without the lock.
    private int _queued;
    private bool _stopping;

    public GroupCommitter(string baseDirectory, GroupSyncMode mode)
    {
        _baseDirectory = baseDirectory;
        Mode = OperatingSystem.IsLinux() ? mode : GroupSyncMode.EachFile;
        if (Mode == GroupSyncMode.FileSystem)
        {
            // Opened once: syncfs reports each writeback error of the file system once per open description.
            _fileSystem = DurableFile.OpenDirectory(baseDirectory);
        }
        else
        {
            _syncThreads = new SyncThreads(8, "EventFold fdatasync");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "EventFold group commit" };
        _thread.Start();
    }

    /// <summary>The sync mode in use (<see cref="GroupSyncMode.EachFile"/> off Linux).</summary>
    public GroupSyncMode Mode { get; }

    /// <summary>Test and benchmark hook: how many flush rounds ran and how many requests they completed.</summary>
    public long Rounds { get; private set; }

    /// <summary>Test hook: how many times the thread spun for the next append (caught it or not) instead of sleeping at once.</summary>
    public long Spins { get; private set; }

    /// <summary>
    /// How long the thread yields in a loop for the next append after a round before it sleeps
    /// (<c>EventFoldOptions.GroupCommitSpin</c>); only when the last append came within that time, so an idle or sparse
    /// store never spins. Zero turns it off; benchmarks switch it between rounds.
    /// </summary>
    public TimeSpan SpinBeforeSleep { get; set; }

    /// <summary>
    /// Appends <paramref name="batches"/> to <paramref name="writer"/> conditionally (one write) and completes once they
    /// are durable, with one result per batch.
    /// </summary>
    /// <exception cref="AppendConflictException">(From the task.) The log is at another version; nothing was written.</exception>
    /// <exception cref="AppendFailedException">(From the task.) The write or the shared flush failed; nothing is acknowledged.</exception>
    /// <param name="writer">The stream's writer.</param>
    /// <param name="batches">One batch per command, in order.</param>
    /// <param name="expectedOffset">The end offset the caller last saw.</param>
    /// <param name="expectedHash">The last-line hash the caller last saw.</param>
    /// <param name="wholeFileSystem">
    /// Make the stream's directory entries durable too: the writer was opened without fsyncing them (a Buffered store).
    /// Uses <c>syncfs</c> on Linux; elsewhere only the file is flushed.
    /// </param>
    public Task<AppendResult[]> CommitAsync(EventWriter writer, IReadOnlyList<IReadOnlyList<Event>> batches, long expectedOffset, string expectedHash, bool wholeFileSystem)
    {
        var request = new Request(writer, batches, expectedOffset, expectedHash, wholeFileSystem);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Add(request);
            Volatile.Write(ref _queued, 1);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        return request.Done.Task;
    }

    /// <summary>Finishes the queued rounds, then stops the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _syncThreads?.Dispose();
        _fileSystem?.Dispose();
    }

    private void Run()
    {
        var round = new List<Request>();
        var lastGap = long.MaxValue;
        while (true)
        {
            var roundEnd = Stopwatch.GetTimestamp();
            var window = (long)(SpinBeforeSleep.TotalSeconds * Stopwatch.Frequency);
            if (lastGap <= window)
            {
                Spins++;
                SpinForNext(roundEnd + window);
            }

            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                (round, _queue) = (_queue, round);
                Volatile.Write(ref _queued, 0);
            }

            // From the end of the last round to this one: whether a spin would have caught it.
            lastGap = Stopwatch.GetTimestamp() - roundEnd;

            try
            {
                Commit(round);
            }
            catch (Exception e)
            {
                // Commit completes every request itself; this only guards the thread against a bug.
                foreach (var request in round)
                {
                    request.Done.TrySetException(e);
                }
            }

            round.Clear();
        }
    }

    /// <summary>Yields until an append is queued or <paramref name="deadline"/> passes.</summary>
    private void SpinForNext(long deadline)
    {
        while (Volatile.Read(ref _queued) == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            // A yield, not a busy spin: on 2 cores the grain turn that completes the round may need this very core.
            Thread.Yield();
        }
    }

    private void Commit(List<Request> round)
    {
        Rounds++;
        var written = new List<Request>(round.Count);
        foreach (var request in round)
        {
            try
            {
                request.Results = request.Writer.WriteBatchesUnsynced(request.Batches, request.ExpectedOffset, request.ExpectedHash);
                written.Add(request);
            }
            catch (Exception e)
            {
                request.Done.TrySetException(e);
            }
        }

        if (written.Count == 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux() && ((Mode == GroupSyncMode.FileSystem && written.Count > 1) || written.Any(r => r.WholeFileSystem)))
        {
            SyncFileSystem(written);
        }
        else
        {
            var flushes = written.Select(r => (Action)(() => SyncOne(r))).ToArray();
            if (_syncThreads is { } threads)
            {
                threads.RunAll(flushes);
            }
            else
            {
                foreach (var flush in flushes)
                {
                    flush();
                }
            }
        }
    }

    private static void SyncOne(Request request)
    {
        try
        {
            request.Writer.SyncUnsynced();
            request.Done.TrySetResult(request.Results!);
        }
        catch (Exception e)
        {
            request.Done.TrySetException(e);
        }
    }

    private void SyncFileSystem(List<Request> written)
    {
        try
        {
            using var opened = _fileSystem is null ? DurableFile.OpenDirectory(_baseDirectory) : null;
            DurableFile.SyncFileSystem(_fileSystem ?? opened!, SyncFsLabel(_baseDirectory));
        }
        catch (IOException e)
        {
            foreach (var request in written)
            {
                request.Writer.FailUnsynced();
                request.Done.TrySetException(new AppendFailedException(request.Writer.LogPath, request.Results![0].StartOffset, writerFaulted: true, e));
            }

            return;
        }

        foreach (var request in written)
        {
            request.Writer.MarkSynced();
            request.Done.TrySetResult(request.Results!);
        }
    }

    /// <summary>What <see cref="DurableFile.Synced"/> reports for a <c>syncfs</c> of the store's file system.</summary>
    internal static string SyncFsLabel(string baseDirectory) => "syncfs:" + baseDirectory;

    private sealed class Request(EventWriter writer, IReadOnlyList<IReadOnlyList<Event>> batches, long expectedOffset, string expectedHash, bool wholeFileSystem)
    {
        public bool WholeFileSystem { get; } = wholeFileSystem;

        public EventWriter Writer { get; } = writer;

        public IReadOnlyList<IReadOnlyList<Event>> Batches { get; } = batches;

        public long ExpectedOffset { get; } = expectedOffset;

        public string ExpectedHash { get; } = expectedHash;

        public AppendResult[]? Results { get; set; }

        public TaskCompletionSource<AppendResult[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
