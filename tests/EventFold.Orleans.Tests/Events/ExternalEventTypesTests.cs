using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Tests.ExternalDomain;
using EventFold.Orleans.Tests.ExternalEvents;
using EventFold.Orleans.Tests.Hosting;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Events;

/// <summary>
/// Regression: event classes from a third assembly (neither the event base type's nor the grain's) were known only
/// once written in the same process, so after a restart the aggregate could not load.
/// </summary>
public sealed class ExternalEventTypesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_event_class_from_a_third_assembly_loads_after_a_restart()
    {
        // Written by a silo in another process: this process's silo has never seen the class being written.
        var output = await ExternalHostProcess.RunAsync(_dir.Path, "l-1", bonus: 40);
        Assert.Contains("WROTE 2", output);
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.snapshot.json", SearchOption.AllDirectories)); // the events are read, not a snapshot

        await using var silo = await TestSilo.StartAsync(_dir.Path);
        var ledger = silo.Client.GetGrain<ILedger>("l-1");
        var state = await ledger.GetVersionedState();
        Assert.Equal((true, 40L, 2L), (state.State.Opened, state.State.Balance, state.Version));
        Assert.Equal(["ledger-opened", "bonus-credited"], silo.ReadAll("ledger", "l-1").Select(e => e.Type));

        var next = await ledger.Execute(new Post(new BonusCredited(2)), CommandContext.None);
        Assert.Equal(3, next.Version);
    }

    [Fact]
    public async Task Two_event_classes_with_one_name_in_two_assemblies_stop_the_silo_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_dir.Path, silo: CheckedProvider.Serve(CheckedProvider.Clash)));

        var mapping = ExceptionChain.Find<EventTypeMappingException>(error);
        Assert.NotNull(mapping);
        Assert.Contains("'clash'", mapping!.Message);
        Assert.Contains(typeof(ClashHere).FullName!, mapping.Message);
        Assert.Contains(typeof(ClashThere).FullName!, mapping.Message);
        Assert.Contains("EventFold.Orleans.Tests.ExternalEvents", mapping.Message);
    }

    [Fact]
    public async Task An_abstract_class_registered_by_hand_stops_the_silo_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_dir.Path, o => o.AddEventTypes(typeof(LedgerEvent))));

        var validation = ExceptionChain.Find<Microsoft.Extensions.Options.OptionsValidationException>(error);
        Assert.NotNull(validation);
        Assert.Contains(typeof(LedgerEvent).FullName!, validation!.Message);
    }
}
