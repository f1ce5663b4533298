using EventFold;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;
using ShopSample.Fulfilment;
using ShopSample.Inventory;
using ShopSample.Orders;
using ShopSample.ReadModels;

namespace ShopSample;

/// <summary>
/// The scripted run: restock two products, place three orders (one more than the stock allows), let the fulfilment saga
/// confirm or cancel them, then print the events from the files and the read models. Each run adds new orders, so a second
/// run continues from the first one's data.
/// </summary>
/// <param name="grains">The silo's grain factory (or an <c>IClusterClient</c>).</param>
/// <param name="streamDirectory">Where a stream's files are (<c>EventFoldStore.StreamDirectory</c>); <see langword="null"/> prints no events.</param>
/// <param name="output">Where to print.</param>
public sealed class ShopScenario(IGrainFactory grains, Func<string, string, string>? streamDirectory, TextWriter output)
{
    /// <summary>How long the saga may take to settle every order.</summary>
    public static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Plays the script and returns the orders it placed, settled.</summary>
    public async Task<IReadOnlyList<(string OrderId, OrderState State)>> RunAsync(CancellationToken cancellationToken = default)
    {
        var summary = grains.GetProjection<IShopSummary>();
        await summary.CatchUpAsync(cancellationToken);
        var run = (await summary.Get()).Placed / 3 + 1;
        output.WriteLine($"run {run}");
        var context = new CommandContext { Actor = "shop-clerk", CorrelationId = $"run-{run}" };

        output.WriteLine("commands:");
        var bus = grains.GetCommandBus();
        await Send(bus, "stock", "book", new Restock(2), context with { CommandId = $"run-{run}-restock-book" }, cancellationToken);
        await Send(bus, "stock", "lamp", new Restock(1), context with { CommandId = $"run-{run}-restock-lamp" }, cancellationToken);

        // Orders go straight to their grains; the same command could go through the bus as JSON (client mode does).
        var orders = new (string Id, PlaceOrder Command)[]
        {
            ($"ord-{run}-1", new PlaceOrder("Ada", "book", 1)),
            ($"ord-{run}-2", new PlaceOrder("Grace", "lamp", 5)),
            ($"ord-{run}-3", new PlaceOrder("Linus", "book", 1)),
        };
        foreach (var (id, place) in orders)
        {
            var result = await grains.GetGrain<IOrderAggregate>(id).Execute(place, context with { CommandId = $"{id}-place" });
            output.WriteLine($"  order/{id,-9} {place} -> {Describe(result.Error, result.Version, result.EventCount, result.WasDuplicate)}");
        }

        var settled = new List<(string, OrderState)>();
        var positions = new List<StreamPosition>();
        foreach (var (id, _) in orders)
        {
            var (state, position) = await SettledAsync(grains.GetGrain<IOrderAggregate>(id), cancellationToken);
            settled.Add((id, state));
            positions.Add(position);
        }

        if (streamDirectory is not null)
        {
            output.WriteLine("events of this run (read from the files; the saga's carry the run's correlation id too):");
            foreach (var (id, _) in orders)
            {
                PrintStream("order", id, context.CorrelationId);
            }

            PrintStream("stock", "book", context.CorrelationId);
            PrintStream("stock", "lamp", context.CorrelationId);
        }

        output.WriteLine("read models:");
        var listing = await grains.GetProjection<IOrderListing>().Get(positions[^1]);
        foreach (var line in listing.Orders.TakeLast(6))
        {
            output.WriteLine($"  order-listing  {line.OrderId,-9} {line.Customer,-6} {line.Quantity} x {line.Sku,-5} {line.Status}{(line.Note is null ? "" : $" ({line.Note})")}");
        }

        var figures = await summary.Get(positions[^1]);
        output.WriteLine($"  shop-summary   placed {figures.Placed}, confirmed {figures.Confirmed}, cancelled {figures.Cancelled}, free stock "
            + string.Join(", ", figures.FreeStock.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));

        var saga = await grains.GetProcessManager<IFulfilment>().GetStatusAsync();
        output.WriteLine($"  fulfilment     reacted to {saga.EventsReacted} events, sent {saga.CommandsSent} commands, {saga.CommandsSucceeded} succeeded, {saga.DeadLetters} dead letters");
        return settled;
    }

    private async Task Send(ICommandBus bus, string type, string id, object command, CommandContext context, CancellationToken cancellationToken)
    {
        var outcome = await bus.SendAsync(new CommandEnvelope { AggregateType = type, AggregateId = id, Command = command, Context = context }, cancellationToken);
        output.WriteLine($"  {type}/{id,-9} {command} -> {Describe(outcome.Error, outcome.Version, outcome.EventCount, outcome.WasDuplicate)} (via the bus)");
    }

    private static string Describe(DomainError? error, long version, int events, bool duplicate) =>
        error is not null ? $"rejected: {error.Code} ({error.Message})"
        : duplicate ? $"already applied (version {version})"
        : $"{events} event(s), version {version}";

    /// <summary>Waits until the saga has confirmed or cancelled the order.</summary>
    private static async Task<(OrderState, StreamPosition)> SettledAsync(IOrderAggregate order, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + SagaTimeout;
        while (true)
        {
            var current = await order.GetVersionedState();
            if (current.State.Status is OrderStatus.Confirmed or OrderStatus.Cancelled)
            {
                return (current.State, new StreamPosition("order", order.GetPrimaryKeyString(), current.Version));
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The fulfilment saga did not settle order {order.GetPrimaryKeyString()} within {SagaTimeout}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private void PrintStream(string type, string id, string? correlationId)
    {
        var reader = new EventReader(streamDirectory!(type, id));
        foreach (var record in reader.ReadFull())
        {
            var e = record.Event;
            if (e.MetaElement() is not { } meta || !meta.TryGetProperty(MetaKeys.CorrelationId, out var correlation) || correlation.GetString() != correlationId)
            {
                continue;
            }

            output.WriteLine($"  {type}/{id,-9} {e.Type,-25} {System.Text.Encoding.UTF8.GetString(e.Data.Span)} actor={e.Actor}");
        }
    }
}
