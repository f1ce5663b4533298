using System.Text.Json;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>Middlewares from DI run around every dispatch in registration order, can stop it, and can enrich the context written with the events.</summary>
public sealed class MiddlewareTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private InProcessTestCluster _cluster = null!;

    private MiddlewareLog Log => _cluster.GetSiloServiceProvider().GetRequiredService<MiddlewareLog>();

    public async Task InitializeAsync() =>
        _cluster = await TestSilo.StartAsync(_dir.Path, silo: silo => silo.Services
            .AddSingleton<MiddlewareLog>()
            .AddCommandMiddleware<OuterMiddleware>()
            .AddCommandMiddleware<GateMiddleware>()
            .AddCommandMiddleware<TenantMiddleware>());

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Middlewares_run_in_registration_order_around_the_aggregate()
    {
        var outcome = await _cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "o-1", Command = new RegisterParcel("Hal", 3) });

        Assert.True(outcome.Succeeded);
        Assert.Equal(["outer>", "gate>", "tenant>", "<tenant", "<gate", "<outer"], Log.Entries);
        Assert.Single(_cluster.ReadAll("bus-parcel", "o-1"));
    }

    [Fact]
    public async Task A_middleware_that_answers_itself_stops_the_dispatch_before_the_aggregate()
    {
        var outcome = await _cluster.Bus().SendJsonAsync(new JsonCommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "o-2",
            CommandType = "bus-register-parcel",
            Payload = """{"recipient":"Ivy","weightGrams":4}""",
            Context = new CommandContext { Actor = "mallory" },
        });

        Assert.Equal("auth.denied", outcome.Error!.Code);
        Assert.Equal((0L, 0), (outcome.Version, outcome.EventCount));
        Assert.Equal(["outer>", "gate-denied", "<outer"], Log.Entries);
        Assert.False(Directory.Exists(_cluster.Directory("bus-parcel", "o-2")));
        Assert.False((await _cluster.Client.GetGrain<IParcelAggregate>("o-2").GetState()).Registered);
    }

    [Fact]
    public async Task A_context_a_middleware_enriches_is_the_one_written_into_the_events_meta()
    {
        await _cluster.Bus().SendAsync(new CommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "o-3",
            Command = new RegisterParcel("Jo", 8),
            Context = new CommandContext { CorrelationId = "corr-1", Metadata = new() { ["channel"] = "web" } },
        });

        var written = _cluster.ReadAll("bus-parcel", "o-3").Single();
        var meta = written.MetaElement()!.Value;
        Assert.Equal("system", written.Actor);
        Assert.Equal("acme", meta.GetProperty("tenant").GetString());
        Assert.Equal("web", meta.GetProperty("channel").GetString());
        Assert.Equal("corr-1", meta.GetProperty(MetaKeys.CorrelationId).GetString());
        Assert.Equal(JsonValueKind.Object, meta.ValueKind);
    }
}
