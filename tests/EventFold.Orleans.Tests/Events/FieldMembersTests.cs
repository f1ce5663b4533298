using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.Events.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Events;

/// <summary>Regression: public fields with Orleans' <c>[Id]</c> were written as <c>"data":{}</c> and left out of snapshots.</summary>
public sealed class FieldMembersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Field_based_events_survive_a_silo_restart()
    {
        static void NoSnapshots(EventFoldOptions o)
        {
            o.SnapshotEveryEvents = 0;
            o.SnapshotOnDeactivation = false;
        }

        string directory;
        await using (var silo = await TestSilo.StartAsync(_dir.Path, NoSnapshots))
        {
            var counter = silo.Client.GetGrain<IFieldCounter>("c-1");
            await counter.Execute(new CountBy(2, "two"), CommandContext.None);
            await counter.Execute(new CountBy(5, null), CommandContext.None);
            directory = silo.Directory("field-counter", "c-1");
        }

        Assert.False(File.Exists(Path.Combine(directory, "views", "state.snapshot.json")), "the state must come from the events");
        var first = Encoding.UTF8.GetString(StreamFiles.ReadAll(directory)[0].Data.Span);
        Assert.Contains("\"amount\":2", first);
        Assert.Contains("\"note\":\"two\"", first);

        await using var again = await TestSilo.StartAsync(_dir.Path, NoSnapshots);
        var state = await again.Client.GetGrain<IFieldCounter>("c-1").GetState();
        Assert.Equal(7, state.Count);
        Assert.Equal(["two"], state.Notes);
    }

    [Fact]
    public async Task Field_based_state_survives_a_silo_restart_through_its_snapshot()
    {
        static void SnapshotEveryEvent(EventFoldOptions o) => o.SnapshotEveryEvents = 1;

        string snapshot;
        await using (var silo = await TestSilo.StartAsync(_dir.Path, SnapshotEveryEvent))
        {
            var counter = silo.Client.GetGrain<IFieldCounter>("c-2");
            await counter.Execute(new CountBy(3, "a"), CommandContext.None);
            await counter.Execute(new CountBy(4, "b"), CommandContext.None);
            snapshot = Path.Combine(silo.Directory("field-counter", "c-2"), "views", "state.snapshot.json");
        }

        using (var stored = JsonDocument.Parse(await File.ReadAllBytesAsync(snapshot)))
        {
            var saved = stored.RootElement.GetProperty("state").GetProperty("view").GetProperty("state");
            Assert.Equal(7, saved.GetProperty("count").GetInt32());
            Assert.Equal("[\"a\",\"b\"]", saved.GetProperty("notes").GetRawText().Replace(" ", "").Replace("\n", ""));
        }

        await using var again = await TestSilo.StartAsync(_dir.Path, SnapshotEveryEvent);
        var state = await again.Client.GetGrain<IFieldCounter>("c-2").GetVersionedState();
        Assert.Equal((7, 2L), (state.State.Count, state.Version));
        Assert.Equal(["a", "b"], state.State.Notes);
    }

    [Fact]
    public async Task A_snapshot_written_before_fields_were_stored_is_replayed_past_so_the_fields_come_back()
    {
        static void SnapshotEveryEvent(EventFoldOptions o) => o.SnapshotEveryEvents = 1;

        string snapshot;
        await using (var silo = await TestSilo.StartAsync(_dir.Path, SnapshotEveryEvent))
        {
            var counter = silo.Client.GetGrain<IFieldCounter>("c-3");
            await counter.Execute(new CountBy(3, "a"), CommandContext.None);
            await counter.Execute(new CountBy(4, "b"), CommandContext.None);
            snapshot = Path.Combine(silo.Directory("field-counter", "c-3"), "views", "state.snapshot.json");
        }

        // What the earlier release wrote: no public fields in the state, no archive length. (Its events lost their
        // fields too unless the event classes used properties; those are the streams a replay can still heal, as here.)
        var old = JsonNode.Parse(await File.ReadAllTextAsync(snapshot))!.AsObject();
        var state = old["state"]!.AsObject();
        Assert.True(state.Remove("archiveLength"));
        Assert.True(state["view"]!["state"]!.AsObject().Remove("count"));
        await File.WriteAllTextAsync(snapshot, old.ToJsonString());

        await using var again = await TestSilo.StartAsync(_dir.Path, SnapshotEveryEvent);
        var loaded = await again.Client.GetGrain<IFieldCounter>("c-3").GetVersionedState();
        Assert.Equal((7, 2L), (loaded.State.Count, loaded.Version));
    }
}
