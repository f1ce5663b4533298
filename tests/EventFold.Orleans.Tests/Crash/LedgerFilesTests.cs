using System.Text;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>The crash test's checker must see each kind of damage it is there to catch: stores written by hand.</summary>
public sealed class LedgerFilesTests : IDisposable
{
    private static readonly string[] Ids = ["ledger-00", "ledger-01"];
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, HostAck> _acked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _next = new(StringComparer.Ordinal);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_correct_store_has_no_problems()
    {
        Register("ledger-00", "ledger-01");
        Post("ledger-00", "s.0.0.n2", ack: true);
        Post("ledger-00", "s.0.1.n1", ack: false);
        Post("ledger-01", "s.1.0.n3", ack: true);

        var report = Verify();

        Assert.Empty(report.Problems);
        Assert.Equal((2, 6L, 3, 1), (report.Streams, report.Events, report.Commands, report.UnacknowledgedCommands));
    }

    [Fact]
    public void A_missing_acknowledged_command_is_reported()
    {
        Register("ledger-00");
        Post("ledger-00", "s.0.0.n1", ack: true);
        _acked["s.0.1.n2"] = new HostAck("ledger-00", "s.0.1.n2", 2, 3, 1);

        Assert.Contains(Verify().Problems, p => p.Contains("s.0.1.n2", StringComparison.Ordinal) && p.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicated_command_is_reported()
    {
        Register("ledger-00");
        Post("ledger-00", "s.0.0.n2", ack: true);
        Post("ledger-00", "s.0.0.n2", ack: false);

        Assert.Contains(Verify().Problems, p => p.Contains("duplicated command", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partial_batch_is_reported()
    {
        Register("ledger-00");
        Post("ledger-00", "s.0.0.n3", ack: false, written: 2);

        Assert.Contains(Verify().Problems, p => p.Contains("partial", StringComparison.Ordinal) && p.Contains("s.0.0.n3", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledgement_at_another_version_is_reported()
    {
        Register("ledger-00");
        Post("ledger-00", "s.0.0.n1", ack: true);
        _acked["s.0.0.n1"] = _acked["s.0.0.n1"] with { Version = 5 };

        Assert.Contains(Verify().Problems, p => p.Contains("ending at version 5", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_line_is_reported_and_a_torn_tail_is_not()
    {
        Register("ledger-00", "ledger-01");
        Post("ledger-00", "s.0.0.n1", ack: true);
        Post("ledger-01", "s.1.0.n1", ack: true);
        File.AppendAllText(Path.Combine(Dir("ledger-00"), "app.jsonl"), "{\"type\":\"posted\",\"da\n");
        File.AppendAllText(Path.Combine(Dir("ledger-01"), "app.jsonl"), "{\"type\":\"posted\",\"da");

        var report = Verify();

        Assert.Contains(report.Problems, p => p.StartsWith("stream ledger-00: reading", StringComparison.Ordinal) && p.Contains(nameof(CorruptLogException), StringComparison.Ordinal));
        Assert.DoesNotContain(report.Problems, p => p.Contains("ledger-01", StringComparison.Ordinal));
        Assert.Equal(1, report.TornTails);
    }

    [Fact]
    public void An_injected_torn_batch_is_skipped_by_readers_and_removed_by_the_next_writer()
    {
        Register("ledger-00");
        Post("ledger-00", "s.0.0.n2", ack: true);
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            using var scratch = new TempDirectory();
            Assert.NotNull(TornTailInjector.Inject(_temp.Path, ["ledger-00"], i, random, scratch.Path));

            var report = Verify();

            Assert.Empty(report.Problems);
            Assert.Equal(1, report.TornTails);
            Post("ledger-00", $"s.0.{i + 1}.n1", ack: true); // the writer's open repairs the tail first
            Assert.Equal((0, 0), (Verify().Problems.Count, Verify().TornTails));
        }
    }

    [Fact]
    public void An_unregistered_stream_is_reported()
    {
        Register("ledger-01");
        Post("ledger-00", "s.0.0.n1", ack: true);

        Assert.Contains(Verify().Problems, p => p.Contains("not in meta/streams.jsonl", StringComparison.Ordinal));
    }

    private LedgerReport Verify() => LedgerFiles.Verify(_temp.Path, Ids, _acked);

    private string Dir(string id) => new StorePaths(_temp.Path).StreamDirectory(LedgerFiles.AggregateType, id);

    private void Register(params string[] ids)
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "meta"));
        File.WriteAllLines(Path.Combine(_temp.Path, "meta", "streams.jsonl"),
            ids.Select(id => $"{{\"type\":\"stream_created\",\"data\":{{\"aggregate_type\":\"ledger\",\"id\":\"{id}\"}},\"ts\":1}}"));
    }

    private void Post(string id, string commandId, bool ack, int? written = null)
    {
        var count = LedgerFiles.ExpectedCount(commandId);
        var start = _next.GetValueOrDefault(id);
        var events = Enumerable.Range(0, written ?? count)
            .Select(i => new Event(
                "posted",
                Encoding.UTF8.GetBytes($"{{\"seq\":{start + i},\"index\":{i},\"of\":{count}}}"),
                1,
                meta: Encoding.UTF8.GetBytes($"{{\"command_id\":\"{commandId}\"}}")))
            .ToList();
        using (var writer = EventWriter.Open(Dir(id)))
        {
            writer.AppendBatch(events);
        }

        _next[id] = start + events.Count;
        if (ack)
        {
            _acked[commandId] = new HostAck(id, commandId, events.Count, start + events.Count, 1);
        }
    }
}
