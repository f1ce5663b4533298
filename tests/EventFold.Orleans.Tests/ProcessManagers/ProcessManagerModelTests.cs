using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>The pure side of a process manager: React and the context the runtime completes, with no Orleans.</summary>
public sealed class ProcessManagerModelTests
{
    private static ProjectedEvent Event(string type, string id, long version, object e, string? correlation = "corr-1", string? eventId = "evt-1") => new()
    {
        AggregateType = type,
        AggregateId = id,
        Version = version,
        Event = e,
        EventId = eventId,
        CorrelationId = correlation,
    };

    [Fact]
    public void The_saga_reserves_stock_for_a_placed_order_confirms_a_reservation_and_cancels_a_failed_one()
    {
        var saga = new OrderSaga();
        var placed = saga.Handle(saga.Initial, Event("saga-order", "o-1", 1, new SagaOrderPlaced("sku-1", 3)));
        var reserve = Assert.Single(placed.Commands);
        Assert.Equal(("saga-stock", "sku-1"), (reserve.AggregateType, reserve.AggregateId));
        Assert.Equal(new ReserveSagaStock("o-1", 3), reserve.Command);
        Assert.Equal(1, placed.State.Started);

        var confirmed = saga.Handle(placed.State, Event("saga-stock", "sku-1", 2, new SagaStockReserved("o-1", 3)));
        Assert.Equal(new ConfirmSagaOrder(), Assert.Single(confirmed.Commands).Command);
        Assert.Equal("o-1", confirmed.Commands[0].AggregateId);

        var cancelled = saga.Handle(confirmed.State, Event("saga-stock", "sku-1", 3, new SagaReservationFailed("o-2", 9, "out-of-stock")));
        Assert.Equal(new CancelSagaOrder("out-of-stock"), Assert.Single(cancelled.Commands).Command);
        Assert.Equal(new OrderSagaState { Started = 1, Reserved = 1, Failed = 1 }, cancelled.State);

        Assert.Empty(saga.Handle(cancelled.State, Event("saga-order", "o-1", 2, new SagaOrderConfirmed())).Commands);
    }

    [Fact]
    public void Command_ids_are_deterministic_per_manager_source_stream_version_and_index_and_ids_come_from_the_event()
    {
        var saga = new OrderSaga();
        var e = Event("saga-order", "o/1:x", 7, new SagaOrderPlaced("sku-1", 1), correlation: "corr-9", eventId: "evt-9");
        var first = Assert.Single(saga.Handle(saga.Initial, e).Commands).Context;
        var again = Assert.Single(saga.Handle(new OrderSagaState { Started = 41 }, e).Commands).Context;

        Assert.Equal("pm/order-saga/saga-order/7/0/o/1:x", first.CommandId);
        Assert.Equal(first.CommandId, again.CommandId); // the same after a restart, whatever the state
        Assert.Equal(ProcessManager<OrderSagaState>.CommandIdFor("order-saga", "saga-order", "o/1:x", 7, 0), first.CommandId);
        Assert.Equal("corr-9", first.CorrelationId);
        Assert.Equal("evt-9", first.CausationId);
        Assert.Equal("process-manager/order-saga", first.Actor);

        var other = Assert.Single(saga.Handle(saga.Initial, e with { Version = 8 }).Commands).Context;
        Assert.NotEqual(first.CommandId, other.CommandId);
        var otherStream = Assert.Single(saga.Handle(saga.Initial, e with { AggregateId = "o/2" }).Commands).Context;
        Assert.NotEqual(first.CommandId, otherStream.CommandId);
    }

    [Fact]
    public void Without_a_correlation_id_the_event_id_starts_the_correlation_and_ids_set_by_React_are_kept()
    {
        var manager = new FixedIds();
        var reaction = manager.Handle(0, Event("saga-visitor", "v", 1, new PassRequested("g"), correlation: null, eventId: "evt-5"));

        Assert.Equal(2, reaction.Commands.Count);
        Assert.Equal("evt-5", reaction.Commands[0].Context.CorrelationId);
        Assert.Equal("pm/fixed/saga-visitor/1/0/v", reaction.Commands[0].Context.CommandId);
        Assert.Equal(("mine", "my-corr", "my-cause", "me"), (reaction.Commands[1].Context.CommandId, reaction.Commands[1].Context.CorrelationId, reaction.Commands[1].Context.CausationId, reaction.Commands[1].Context.Actor));
        Assert.Equal("pm/fixed/saga-visitor/1/1/v", ProcessManager<int>.CommandIdFor("fixed", "saga-visitor", "v", 1, 1));
    }

    [Fact]
    public void A_React_that_returns_null_gets_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new NullReaction().Handle(0, Event("saga-visitor", "v", 1, new PassRequested("g"))));
        Assert.Contains(nameof(NullReaction), error.Message);
        Assert.Contains("Reaction.None", error.Message);
    }

    private sealed class FixedIds : ProcessManager<int>
    {
        public override string Name => "fixed";

        public override int Version => 1;

        public override IReadOnlyList<FollowedType> Follows => [FollowedType.Of<VisitorGrain>()];

        public override int Initial => 0;

        public override Reaction<int> React(int state, ProjectedEvent @event) => Reaction.Send(
            state,
            new CommandEnvelope { AggregateType = "saga-gate", AggregateId = "g", Command = new PassGate("a") },
            new CommandEnvelope
            {
                AggregateType = "saga-gate",
                AggregateId = "g",
                Command = new PassGate("b"),
                Context = new CommandContext { CommandId = "mine", CorrelationId = "my-corr", CausationId = "my-cause", Actor = "me" },
            });
    }

    private sealed class NullReaction : ProcessManager<int>
    {
        public override string Name => "null";

        public override int Version => 1;

        public override IReadOnlyList<FollowedType> Follows => [FollowedType.Of<VisitorGrain>()];

        public override int Initial => 0;

        public override Reaction<int> React(int state, ProjectedEvent @event) => null!;
    }
}
