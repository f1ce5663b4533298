using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>The in-flight bound under a burst of 10,000 triggering events, and transient failures retried then dead-lettered.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task A_burst_of_10000_events_never_has_more_than_MaxInFlight_commands_in_flight_and_every_one_is_applied_once()
    {
        using var dir = new TempDirectory();
        var probe = new ConcurrencyProbe("saga-sink");
        await using var cluster = await SagaSilo.StartAsync(dir.Path, m => m.MaxInFlight = 8, silo => silo.Services.AddCommandMiddleware(probe));
        var ticker = cluster.Client.GetGrain<ITicker>("burst");
        for (var i = 0; i < 100; i++)
        {
            await ticker.Execute(new EmitTicks("b", 100), CommandContext.None); // 100 batches of 100 events
        }

        var relay = cluster.Client.GetProcessManager<ITickRelay>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        ProcessManagerStatus status;
        while ((status = await relay.GetStatusAsync()).CommandsSucceeded < 10_000 && DateTime.UtcNow < deadline)
        {
            Assert.InRange(status.InFlight, 0, 8);
            await Task.Delay(100);
        }

        await relay.CatchUpAsync();
        status = await relay.GetStatusAsync();
        Assert.Equal((10_000, 10_000, 0), (status.EventsReacted, status.CommandsSucceeded, status.DeadLetters));
        Assert.InRange(probe.Max, 2, 8); // concurrent, and never above the bound
        Assert.InRange(status.MaxInFlightSeen, 2, 8);
        Assert.Equal(10_000, probe.Total);
        for (var s = 0; s < 50; s++)
        {
            Assert.Equal(200, (await cluster.Client.GetGrain<ISink>($"b-{s}").GetVersionedState()).Version);
        }
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_command_goes_through_and_become_a_dead_letter_when_retries_run_out()
    {
        using var dir = new TempDirectory();
        var flaky = new FlakyGates("g-flaky", failures: 2, downGate: "g-down");
        await using var cluster = await SagaSilo.StartAsync(dir.Path, m =>
        {
            m.MaxAttempts = 4;
            m.FirstRetryDelay = TimeSpan.FromMilliseconds(10);
        }, silo => silo.Services.AddCommandMiddleware(flaky));
        var grains = cluster.Client;
        await grains.GetGrain<IGate>("g-flaky").Execute(new OpenGate(), CommandContext.None);
        await grains.GetGrain<IVisitor>("x-1").Execute(new AskToPass("g-flaky"), CommandContext.None);
        await grains.GetGrain<IVisitor>("x-2").Execute(new AskToPass("g-down"), CommandContext.None);

        var keeper = grains.GetProcessManager<IGatekeeper>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await keeper.GetDeadLettersAsync()).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await keeper.CatchUpAsync();
        Assert.Equal(1, (await grains.GetGrain<IGate>("g-flaky").GetState()).Passes); // the third attempt went through
        Assert.Equal(3, flaky.Attempts["pm/gatekeeper/saga-visitor/1/0/x-1"]);
        var letter = Assert.Single(await keeper.GetDeadLettersAsync());
        Assert.Equal(("pm/gatekeeper/saga-visitor/1/0/x-2", 4, "TimeoutException", typeof(TimeoutException).FullName), (letter.LetterId, letter.Attempts, letter.ErrorCode, letter.ErrorType));
        Assert.Equal(4, flaky.Attempts[letter.LetterId]);
        // Three backoff delays (10 + 20 + 40 ms) lie between the first and the last attempt; .NET timers run on a
        // millisecond tick and may fire up to a tick early each, so allow a few milliseconds less.
        Assert.True(letter.LastAttempt - letter.FirstAttempt >= TimeSpan.FromMilliseconds(10 + 20 + 40 - 5),
            $"first {letter.FirstAttempt:O}, last {letter.LastAttempt:O}");
    }
}
