using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// Group commit of durable appends to many logs of one directory tree: one dedicated thread takes every append queued
/// since its last round, writes each (one write call per log, each batch framed on its own), makes them all durable
/// together (one <c>syncfs</c>, or parallel <c>fdatasync</c>s, see <see cref="GroupSyncMode"/>) and only then completes
/// them.
/// </summary>
/// <remarks>
/// <para>Appends arriving while a round flushes wait for the next round, so the flush cost is shared by everything that
/// queued meanwhile: the busier the logs, the more appends per flush. No caller's thread waits on the disk: callers
/// await a task completed by this thread (continuations run asynchronously).</para>
/// <para>While appends follow each other closely (a sequential caller), the thread waits for the next one by yielding
/// its core in a loop for up to <see cref="SpinBeforeSleep"/> instead of sleeping: waking a sleeping thread (and its
/// halted virtual CPU) adds tens to hundreds of microseconds to each of a sequential caller's appends.</para>
/// <para>Failure: a failed write fails only its own request (the writer truncates it back). A failed flush fails every
/// request it covered: their bytes are cut off, their writers faulted (dispose and reopen them; the open repairs the
/// tail), and none of them is acknowledged.</para>
/// <para>Every writer must live under the committer's directory, on the same file system (<c>syncfs</c> flushes only
/// that one; a mount point inside the directory is not detected).</para>
/// </remarks>
/// <example>
/// <code>
/// using var committer = new GroupCommitter("data");
/// using var writer = EventWriter.Open("data/orders/ord-42");
/// var results = await committer.CommitAsync(writer, [[placed], [paid]], writer.ActiveLogSize, writer.LastLineHash);
/// </code>
/// </example>
public sealed class GroupCommitter : IDisposable
{
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly SafeFileHandle? _fileSystem;
    private readonly string _baseDirectory;

    // The base directory with one trailing separator (a root such as "/" already has it): what a log's path starts with.
    private readonly string _logPrefix;
    private readonly IoThreads? _syncThreads;
    private List<Request> _queue = [];

    // Set when an append is queued, cleared when a round takes the queue: what the spin watches without the lock.
    private int _queued;
    private bool _stopping;

    /// <summary>Starts the committer's thread for the logs under <paramref name="baseDirectory"/>.</summary>
    /// <param name="baseDirectory">An existing directory holding (at any depth) every log committed through this instance.</param>
    /// <param name="mode">How a round with several logs is flushed; off Linux always <see cref="GroupSyncMode.EachFile"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public GroupCommitter(string baseDirectory, GroupSyncMode mode = GroupSyncMode.FileSystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        _baseDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        if (!Directory.Exists(_baseDirectory))
        {
            throw new DirectoryNotFoundException($"The group committer's directory \"{_baseDirectory}\" does not exist.");
        }

        _logPrefix = Path.EndsInDirectorySeparator(_baseDirectory) ? _baseDirectory : _baseDirectory + Path.DirectorySeparatorChar;

        Mode = OperatingSystem.IsLinux() ? mode : GroupSyncMode.EachFile;
        if (Mode == GroupSyncMode.FileSystem)
        {
            // Opened once: syncfs reports each writeback error of the file system once per open description.
            _fileSystem = DurableFile.OpenDirectory(_baseDirectory);
        }
        else
        {
            _syncThreads = new IoThreads(8, "EventFold fdatasync");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "EventFold group commit" };
        _thread.Start();
    }

    /// <summary>The sync mode in use (<see cref="GroupSyncMode.EachFile"/> off Linux).</summary>
    public GroupSyncMode Mode { get; }

    /// <summary>How many flush rounds ran (appends per round = appends / rounds: how well the flushes are shared).</summary>
    public long Rounds { get; private set; }

    /// <summary>Test hook: how many times the thread spun for the next append (caught it or not) instead of sleeping at once.</summary>
    internal long Spins { get; private set; }

    /// <summary>
    /// How long the thread yields in a loop for the next append after a round before it sleeps
    /// (EventFold.Orleans sets it from <c>EventFoldOptions.GroupCommitSpin</c>); only when the last append came within
    /// that time, so idle or sparse logs never spin the thread. Zero (the default) turns it off.
    /// </summary>
    public TimeSpan SpinBeforeSleep { get; set; }

    /// <summary>
    /// Appends <paramref name="batches"/> to <paramref name="writer"/> conditionally (one write) and completes once they
    /// are durable, with one result per batch.
    /// </summary>
    /// <exception cref="AppendConflictException">(From the task.) The log is at another version; nothing was written.</exception>
    /// <exception cref="AppendFailedException">(From the task.) The write or the shared flush failed; nothing is acknowledged.</exception>
    /// <param name="writer">The log's writer, under the committer's directory; not disposed until the task completes.</param>
    /// <param name="batches">The batches, in order, none empty; each stays all-or-nothing in the file.</param>
    /// <param name="expectedOffset">The end offset the caller last saw.</param>
    /// <param name="expectedHash">The last-line hash the caller last saw.</param>
    /// <param name="wholeFileSystem">
    /// Make the log's directory entries durable too, because the writer was opened without fsyncing them
    /// (<see cref="Durability.Buffered"/> options): uses <c>syncfs</c> on Linux; elsewhere only the file is flushed.
    /// </param>
    /// <returns>One result per batch, once all of them are durable.</returns>
    /// <exception cref="ArgumentException">A batch is empty, or the writer is not under the committer's directory.</exception>
    /// <exception cref="ObjectDisposedException">The committer was disposed.</exception>
    public Task<AppendResult[]> CommitAsync(EventWriter writer, IReadOnlyList<IReadOnlyList<Event>> batches, long expectedOffset, string expectedHash, bool wholeFileSystem = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BatchFraming.ThrowIfAnyEmpty(batches, nameof(batches));
        ArgumentNullException.ThrowIfNull(expectedHash);

        if (!writer.Directory.StartsWith(_logPrefix, StringComparison.Ordinal))
        {
            // A syncfs of this directory's file system would not cover it.
            throw new ArgumentException($"The log \"{writer.Directory}\" is not under the group committer's directory \"{_baseDirectory}\".", nameof(writer));
        }

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

    /// <summary>What <see cref="DurableFile.Synced"/> reports for a <c>syncfs</c> of the committer's file system.</summary>
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
