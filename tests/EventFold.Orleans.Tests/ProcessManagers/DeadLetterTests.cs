using System.Text;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>A target that rejects every command until its cause is fixed: dead letters written, listed, replayed, resolved, on real files.</summary>
public sealed class DeadLetterTests
{
    private static async Task AskAsync(IGrainFactory grains, string gate, params string[] visitors)
    {
        foreach (var visitor in visitors)
        {
            await grains.GetGrain<IVisitor>(visitor).Execute(new AskToPass(gate), CommandContext.None);
        }
    }

    private static async Task<IReadOnlyList<DeadLetter>> WaitLettersAsync(IGatekeeper keeper, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var letters = await keeper.GetDeadLettersAsync(includeResolved: true);
            if (letters.Count >= count || DateTime.UtcNow > deadline)
            {
                return letters;
            }

            await Task.Delay(20);
        }
    }

    private static string LettersFile(string dir) => Path.Combine(dir, "process-managers", "gatekeeper", "dead-letters.jsonl");

    [Fact]
    public async Task Rejected_commands_become_dead_letters_that_are_listed_and_after_the_fix_replayed_with_their_ids_and_resolved()
    {
        using var dir = new TempDirectory();
        await using (var cluster = await SagaSilo.StartAsync(dir.Path))
        {
            var grains = cluster.Client;
            var keeper = grains.GetProcessManager<IGatekeeper>();
            await AskAsync(grains, "g-1", "v-1", "v-2", "v-3");

            var letters = await WaitLettersAsync(keeper, 3);
            Assert.Equal(["v-1", "v-2", "v-3"], letters.Select(l => l.Source.Id).Order());
            Assert.All(letters, l => Assert.Contains($"\"{l.Source.Id}\"", l.Envelope.Payload, StringComparison.Ordinal));
            Assert.All(letters, l =>
            {
                Assert.Equal(("gate.closed", "rejected", 1, false), (l.ErrorCode, l.ErrorType, l.Attempts, l.Resolved));
                Assert.Equal(("saga-gate", "g-1", "gate-pass"), (l.Envelope.AggregateType, l.Envelope.AggregateId, l.Envelope.CommandType));
                Assert.Equal($"pm/gatekeeper/saga-visitor/1/0/{l.Source.Id}", l.LetterId);
                Assert.Equal(l.LetterId, l.Envelope.Context.CommandId);
                Assert.Equal(("saga-visitor", 1L), (l.Source.AggregateType, l.Source.Version));
                Assert.True(l.FirstAttempt <= l.LastAttempt);
            });
            Assert.Equal(3, (await keeper.GetStatusAsync()).DeadLetters);

            // Still closed: the replay fails again, and only the letter's attempts change.
            var again = await keeper.ReplayDeadLetterAsync(letters[0].LetterId);
            Assert.False(again.Succeeded);
            Assert.Contains("gate.closed", again.Error);
            Assert.Equal(2, (await keeper.GetDeadLettersAsync()).Single(l => l.LetterId == letters[0].LetterId).Attempts);
            await Assert.ThrowsAsync<DeadLetterNotFoundException>(() => keeper.ReplayDeadLetterAsync("no-such-letter"));

            // The cause is fixed: every letter goes through with its original command id and is resolved.
            await grains.GetGrain<IGate>("g-1").Execute(new OpenGate(), CommandContext.None);
            var replays = await keeper.ReplayDeadLettersAsync();
            Assert.Equal(3, replays.Count);
            Assert.All(replays, r => Assert.True(r.Succeeded, r.Error));
            Assert.Empty(await keeper.GetDeadLettersAsync());
            Assert.All(await keeper.GetDeadLettersAsync(includeResolved: true), l => Assert.True(l.Resolved));
            Assert.Equal(3, (await grains.GetGrain<IGate>("g-1").GetState()).Passes);
            Assert.Equal(letters.Select(l => l.LetterId).Order(), SagaSilo.CommandIds(dir.Path, "saga-gate", "g-1").Skip(1).Order());
            Assert.True((await keeper.ReplayDeadLetterAsync(letters[1].LetterId)).Succeeded); // resolved stays resolved, sends nothing
            Assert.Equal(4, SagaSilo.Events(dir.Path, "saga-gate", "g-1").Count);
        }

        // Append-only: 3 letters, 1 failed attempt, 3 resolutions, each a complete JSON line; all still there after a restart.
        var lines = File.ReadAllLines(LettersFile(dir.Path));
        Assert.Equal(["letter", "letter", "letter", "attempt", "resolved", "resolved", "resolved"],
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()));
        await using var restarted = await SagaSilo.StartAsync(dir.Path);
        var keeperAgain = restarted.Client.GetProcessManager<IGatekeeper>();
        Assert.Equal(0, (await keeperAgain.GetStatusAsync()).DeadLetters);
        Assert.Equal(3, (await keeperAgain.GetDeadLettersAsync(includeResolved: true)).Count(l => l.Resolved));
    }

    [Fact]
    public async Task A_torn_last_line_left_by_a_crash_is_ignored_and_cut_off_and_new_letters_append_cleanly()
    {
        using var dir = new TempDirectory();
        await using (var cluster = await SagaSilo.StartAsync(dir.Path))
        {
            await AskAsync(cluster.Client, "g-2", "w-1", "w-2");
            Assert.Equal(2, (await WaitLettersAsync(cluster.Client.GetProcessManager<IGatekeeper>(), 2)).Count);
        }

        var clean = File.ReadAllBytes(LettersFile(dir.Path));
        File.AppendAllText(LettersFile(dir.Path), "{\"kind\":\"letter\",\"id\":\"pm/gatekeeper/saga-visitor/1/0/w-9\",\"envelope\":{\"aggr", Encoding.UTF8);

        await using var restarted = await SagaSilo.StartAsync(dir.Path);
        var keeper = restarted.Client.GetProcessManager<IGatekeeper>();
        Assert.Equal(["w-1", "w-2"], (await keeper.GetDeadLettersAsync()).Select(l => l.Source.Id).Order());
        Assert.Equal(clean, File.ReadAllBytes(LettersFile(dir.Path)));

        await AskAsync(restarted.Client, "g-2", "w-3");
        Assert.Equal(["w-1", "w-2", "w-3"], (await WaitLettersAsync(keeper, 3)).Select(l => l.Source.Id).Order());
        var lines = File.ReadAllLines(LettersFile(dir.Path));
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
    }
}
