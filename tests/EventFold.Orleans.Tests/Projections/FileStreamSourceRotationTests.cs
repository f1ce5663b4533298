using System.Globalization;
using System.Text;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>
/// A projection reads a stream while its writer rotates it. Found by <see cref="ProjectionCrashTests"/>: a read that
/// straddled a rotation either read the archive before the rotation and the active log after it (missing the rotated
/// events, so later events got too-low versions) or read the next generation's app.jsonl at the previous one's offsets.
/// <see cref="FileStreamSource.Read"/> must return one consistent view, whenever the rotation happens relative to the read.
/// </summary>
public sealed class FileStreamSourceRotationTests : IDisposable
{
    private const string Type = "ledger";
    private const string Id = "a";
    private readonly TempDirectory _dir = new();
    private readonly FileStreamSource _source;
    private readonly EventWriter _writer;

    public FileStreamSourceRotationTests()
    {
        var store = new EventFoldStore(Options.Create(new EventFoldOptions { BaseDirectory = _dir.Path }), TimeProvider.System);
        _source = new FileStreamSource(store);
        var directory = store.StreamDirectory(Type, Id);
        Directory.CreateDirectory(directory);
        _writer = EventWriter.Open(directory);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_tail_read_started_before_a_rotation_returns_the_events_after_the_cursor_with_their_versions()
    {
        Append(0, 10);
        var cursor = _source.Read(Type, Id, StreamCursor.Start).ElementAt(4).After; // version 5, in app.jsonl

        var read = _source.Read(Type, Id, cursor);
        _writer.Rotate();
        Append(10, 30); // the next app.jsonl grows past the cursor's offset

        AssertVersionsMatchSeqs(read, from: 5, count: 5);
    }

    [Fact]
    public void A_history_read_interrupted_by_a_rotation_misses_no_event()
    {
        Append(0, 10);
        _writer.Rotate();
        Append(10, 15);

        var read = _source.Read(Type, Id, StreamCursor.Start);
        using var events = read.GetEnumerator();
        var seen = new List<StoredStreamEvent>();
        for (var i = 0; i < 3 && events.MoveNext(); i++)
        {
            seen.Add(events.Current); // archived events 0..2
        }

        _writer.Rotate(); // moves 10..14 into the archive
        Append(15, 20);
        while (events.MoveNext())
        {
            seen.Add(events.Current);
        }

        AssertVersionsMatchSeqs(seen, from: 0, count: 15);
    }

    private void Append(int from, int to)
    {
        for (var seq = from; seq < to; seq++)
        {
            _writer.Append(new Event("posted", Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq}}}")), 1));
        }
    }

    private static void AssertVersionsMatchSeqs(IEnumerable<StoredStreamEvent> read, int from, int count)
    {
        var events = read.Select(e => (Version: e.After.Version, Seq: e.Event.DataElement().GetProperty("seq").GetInt64())).ToList();
        Assert.Equal(Enumerable.Range(from, count).Select(s => (Version: (long)s + 1, Seq: (long)s)), events);
    }
}
