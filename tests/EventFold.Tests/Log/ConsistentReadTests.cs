using System.Text;
using Xunit;

namespace EventFold.Tests.Log;

/// <summary>
/// <see cref="EventReader.ReadConsistently{T}"/> and the rotation probes hosts build on: an attempt that a rotation
/// overlapped is redone, an undisturbed one is returned (or its error propagates), and a log that keeps rotating ends in
/// a typed error.
/// </summary>
public sealed class ConsistentReadTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_attempt_overlapped_by_a_rotation_is_redone_and_the_undisturbed_one_is_returned()
    {
        using var writer = EventWriter.Open(_dir.Path);
        writer.Append(Ev("a"));
        var reader = new EventReader(_dir.Path);
        var attempts = new List<long>();

        var types = reader.ReadConsistently(committed =>
        {
            attempts.Add(committed);
            var read = reader.ReadFrom(0).Select(r => r.Event.Type).ToList();
            if (attempts.Count == 1)
            {
                // A rotation between this attempt's captures: the events just read moved into the archive.
                writer.Append(Ev("b"));
                writer.Rotate();
            }

            return read;
        });

        Assert.Equal(2, attempts.Count);
        Assert.Equal(0, attempts[0]);
        Assert.Equal(reader.ArchiveLength(), attempts[1]);
        Assert.True(attempts[1] > 0);
        Assert.Empty(types); // the second attempt reads the emptied app.jsonl, not the stale ["a"]
        Assert.Equal(reader.ArchiveLength(), reader.CommittedArchiveLength());
    }

    [Fact]
    public void An_error_of_an_overlapped_attempt_is_retried_and_one_of_an_undisturbed_attempt_propagates()
    {
        using var writer = EventWriter.Open(_dir.Path);
        writer.Append(Ev("a"));
        var reader = new EventReader(_dir.Path);
        var attempts = 0;

        var result = reader.ReadConsistently(_ =>
        {
            if (++attempts == 1)
            {
                writer.Rotate();
                throw new CorruptLogException(reader.LogPath, 0, "stale offset");
            }

            return "second";
        });

        Assert.Equal("second", result);
        Assert.Throws<InvalidOperationException>(() => reader.ReadConsistently<int>(_ => throw new InvalidOperationException("bug")));
    }

    [Fact]
    public void A_log_rotated_during_every_attempt_ends_in_an_EventFoldException_carrying_the_last_failure()
    {
        using var writer = EventWriter.Open(_dir.Path);
        var reader = new EventReader(_dir.Path);
        var attempts = 0;

        var error = Assert.Throws<EventFoldException>(() => reader.ReadConsistently<int>(_ =>
        {
            attempts++;
            writer.Append(Ev("x"));
            writer.Rotate();
            throw new CorruptLogException(reader.LogPath, 0, $"attempt {attempts}");
        }));

        Assert.Equal(10, attempts);
        Assert.Contains("rotated during each of 10 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 10", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lost_active_log_next_to_an_archive_is_refused_and_a_new_directory_is_not()
    {
        var reader = new EventReader(_dir.Path);
        reader.ThrowIfActiveLogLost();

        using (var writer = EventWriter.Open(_dir.Path))
        {
            writer.Append(Ev("a"));
            writer.Rotate();
        }

        reader.ThrowIfActiveLogLost();
        File.Delete(LogPaths.Log(_dir.Path));
        Assert.Throws<CorruptLogException>(reader.ThrowIfActiveLogLost);
    }

    private static Event Ev(string type) => new(type, Encoding.UTF8.GetBytes("{}"), 1);
}
