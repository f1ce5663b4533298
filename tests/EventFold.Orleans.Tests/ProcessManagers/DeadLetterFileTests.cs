using System.Text;
using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>The tools' read-only <see cref="DeadLetterFile"/>: the journal's letters, damaged lines by offset, a torn tail left in place.</summary>
public sealed class DeadLetterFileTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static DeadLetter Letter(string id) => new()
    {
        LetterId = id,
        Envelope = new JsonCommandEnvelope { AggregateType = "saga-gate", AggregateId = "g-1", CommandType = "pass-gate", Payload = "{}", Context = new CommandContext { CommandId = id } },
        ErrorCode = "gate.closed",
        ErrorMessage = "The gate is closed.",
        ErrorType = "rejected",
        Attempts = 1,
        FirstAttempt = T0,
        LastAttempt = T0,
        Source = new StreamPosition("saga-visitor", id, 1),
    };

    [Fact]
    public void Reads_what_the_journal_reads_reports_damaged_lines_by_offset_and_leaves_a_torn_tail_in_place()
    {
        using var dir = new TempDirectory();
        var journal = DeadLetterJournal.Open(dir.Path);
        journal.Record(Letter("a"));
        journal.Record(Letter("b"));
        journal.Resolved("a", 2, T0.AddMinutes(1));
        var firstLine = File.ReadAllLines(journal.Path)[0];
        var damagedAt = Encoding.UTF8.GetByteCount(firstLine) + 1;
        var bytes = File.ReadAllBytes(journal.Path);
        bytes[damagedAt] = (byte)'X'; // the second line no longer parses
        File.WriteAllBytes(journal.Path, [.. bytes, .. "{\"kind\":\"resol"u8]);
        var length = new FileInfo(journal.Path).Length;

        var contents = DeadLetterFile.Read(dir.Path);

        Assert.Equal([(long)damagedAt], contents.DamagedLineOffsets);
        Assert.Equal(bytes.Length, contents.CompleteLength);
        Assert.Equal(length - bytes.Length, contents.TornBytes);
        Assert.Equal(length, new FileInfo(journal.Path).Length); // read-only: the torn tail is still there
        var reopened = DeadLetterJournal.Open(dir.Path);
        Assert.Equal(JsonSerializer.Serialize(reopened.All), JsonSerializer.Serialize(contents.Letters));
        var a = Assert.Single(contents.Letters);
        Assert.Equal(("a", T0.AddMinutes(1)), (a.LetterId, a.ResolvedAt));
        Assert.Empty(contents.Unresolved);
        Assert.Empty(DeadLetterFile.Read(Path.Combine(dir.Path, "none")).Letters);
    }
}
