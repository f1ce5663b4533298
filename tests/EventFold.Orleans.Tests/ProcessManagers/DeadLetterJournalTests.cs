using System.Text;
using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>The dead-letter file on real files: append-only lines, folded back on open, a torn last line ignored and cut off.</summary>
public sealed class DeadLetterJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static DeadLetter Letter(string id, int attempts = 1) => new()
    {
        LetterId = id,
        Envelope = new JsonCommandEnvelope
        {
            AggregateType = "saga-gate",
            AggregateId = "g-1",
            CommandType = "pass-gate",
            Payload = "{\"visitor\":\"v \\\"1\\\"\"}",
            Context = new CommandContext { CommandId = id, CorrelationId = "c", CausationId = "e", Actor = "pm", Metadata = new() { ["k"] = "v" } },
        },
        ErrorCode = "gate.closed",
        ErrorMessage = "The gate is closed.",
        ErrorType = "rejected",
        Attempts = attempts,
        FirstAttempt = T0,
        LastAttempt = T0.AddSeconds(1),
        Source = new StreamPosition("saga-visitor", "v-1", 3),
    };

    [Fact]
    public void Letters_attempts_and_resolutions_are_appended_lines_and_read_back_the_same()
    {
        using var dir = new TempDirectory();
        var journal = DeadLetterJournal.Open(dir.Path);
        journal.Record(Letter("a"));
        journal.Record(Letter("b"));
        journal.Attempted("a", "x.y", "again", "System.TimeoutException", 2, T0.AddMinutes(1));
        journal.Resolved("b", 2, T0.AddMinutes(2));
        var lines = File.ReadAllLines(journal.Path);

        var reopened = DeadLetterJournal.Open(dir.Path);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Equal(["letter", "letter", "attempt", "resolved"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()));
        Assert.Equal(JsonSerializer.Serialize(journal.All), JsonSerializer.Serialize(reopened.All));
        var a = reopened.Find("a")!;
        Assert.Equal((2, "x.y", "again", "System.TimeoutException", false), (a.Attempts, a.ErrorCode, a.ErrorMessage, a.ErrorType, a.Resolved));
        Assert.Equal(Letter("a").Envelope.Payload, a.Envelope.Payload);
        Assert.Equal("v", a.Envelope.Context.Metadata!["k"]);
        Assert.Equal(new StreamPosition("saga-visitor", "v-1", 3), a.Source);
        Assert.Equal(T0.AddMinutes(2), reopened.Find("b")!.ResolvedAt);
        Assert.Equal(1, reopened.UnresolvedCount);
    }

    [Fact]
    public void The_same_command_failing_again_after_a_restart_adds_an_attempt_line_not_a_second_letter()
    {
        using var dir = new TempDirectory();
        DeadLetterJournal.Open(dir.Path).Record(Letter("a"));
        var again = DeadLetterJournal.Open(dir.Path);
        again.Record(Letter("a", attempts: 3));

        var reopened = DeadLetterJournal.Open(dir.Path);
        Assert.Equal(4, Assert.Single(reopened.All).Attempts);
        Assert.Equal(2, File.ReadAllLines(again.Path).Length);
    }

    [Theory]
    [InlineData("{\"kind\":\"letter\",\"id\":\"c\",\"envel")] // crash before the line feed
    [InlineData("{\"kind\":\"resolv\n")] // a complete last line that does not parse
    [InlineData("\0\0\0\0\0\0")] // zeros a file system left after a crash
    public void A_torn_last_line_is_ignored_cut_off_and_the_next_append_starts_on_a_clean_line(string tail)
    {
        using var dir = new TempDirectory();
        var journal = DeadLetterJournal.Open(dir.Path);
        journal.Record(Letter("a"));
        journal.Record(Letter("b"));
        var clean = File.ReadAllBytes(journal.Path);
        File.AppendAllText(journal.Path, tail, Encoding.UTF8);

        var reopened = DeadLetterJournal.Open(dir.Path);
        Assert.Equal(["a", "b"], reopened.All.Select(l => l.LetterId));
        Assert.Equal(Encoding.UTF8.GetByteCount(tail), reopened.RepairedBytes);
        Assert.Equal(clean, File.ReadAllBytes(journal.Path));

        reopened.Resolved("a", 2, T0);
        var lines = File.ReadAllLines(journal.Path);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.True(DeadLetterJournal.Open(dir.Path).Find("a")!.Resolved);
    }

    [Fact]
    public void A_damaged_line_in_the_middle_is_skipped_and_counted_not_fatal()
    {
        using var dir = new TempDirectory();
        using var other = new TempDirectory();
        var journal = DeadLetterJournal.Open(dir.Path);
        journal.Record(Letter("a"));
        var b = DeadLetterJournal.Open(other.Path);
        b.Record(Letter("b"));
        File.AppendAllText(journal.Path, "not json\n" + File.ReadAllText(b.Path));

        var reopened = DeadLetterJournal.Open(dir.Path);
        Assert.Equal(["a", "b"], reopened.All.Select(l => l.LetterId));
        Assert.Equal(1, reopened.SkippedLines);
    }
}
