using Xunit;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.Options;

namespace EventFold.Orleans.Tests.Hosting;

public sealed class AddEventFoldTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Invalid_options_stop_the_silo_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync("", o => o.SnapshotEveryEvents = -1));

        var validation = Find<OptionsValidationException>(error);
        Assert.NotNull(validation);
        Assert.Contains("BaseDirectory is required", validation!.Message);
        Assert.Contains("SnapshotEveryEvents", validation.Message);
    }

    [Fact]
    public async Task A_second_silo_on_an_owned_store_fails_to_start()
    {
        await using var first = await TestSilo.StartAsync(_dir.Path);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_dir.Path));

        var locked = Find<StoreLockedException>(error);
        Assert.NotNull(locked);
        Assert.Contains(nameof(EventFold.Orleans.Hosting.EventFoldOptions.SharedByClusterSilos), locked!.Message);
    }

    [Fact]
    public async Task Silos_may_share_a_store_when_configured_to()
    {
        await using var first = await TestSilo.StartAsync(_dir.Path, o => o.SharedByClusterSilos = true);
        await using var second = await TestSilo.StartAsync(_dir.Path, o => o.SharedByClusterSilos = true);

        await first.Client.GetGrain<IAccountAggregate>("one").Execute(new OpenAccount("one"), CommandContext.None);
        await second.Client.GetGrain<IAccountAggregate>("two").Execute(new OpenAccount("two"), CommandContext.None);

        var registry = await File.ReadAllLinesAsync(Path.Combine(_dir.Path, "meta", "streams.jsonl"));
        Assert.Equal(2, registry.Length);
    }

    [Fact]
    public async Task The_store_lock_is_released_when_the_silo_stops()
    {
        await (await TestSilo.StartAsync(_dir.Path)).DisposeAsync();
        await using var again = await TestSilo.StartAsync(_dir.Path);
        Assert.Equal(1, (await again.Client.GetGrain<IAccountAggregate>("x").Execute(new OpenAccount("x"), CommandContext.None)).Version);
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
