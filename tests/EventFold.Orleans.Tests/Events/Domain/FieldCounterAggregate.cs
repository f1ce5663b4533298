using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Events.Domain;

public sealed class FieldCounterAggregate : Aggregate<FieldCounterState, FieldCounterCommand, FieldCounterEvent>
{
    public override FieldCounterState Initial => new();

    public override Decision<FieldCounterEvent> Decide(FieldCounterState state, FieldCounterCommand command) => command switch
    {
        CountBy count => Accept(new FieldCounted { Amount = count.Amount, Note = count.Note }),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override FieldCounterState Apply(FieldCounterState state, FieldCounterEvent @event) => @event switch
    {
        FieldCounted counted => new FieldCounterState
        {
            Count = state.Count + counted.Amount,
            Notes = counted.Note is null ? state.Notes : [.. state.Notes, counted.Note],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}
