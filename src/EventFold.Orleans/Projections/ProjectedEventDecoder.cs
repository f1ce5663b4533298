using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Provider;

namespace EventFold.Orleans.Projections;

/// <summary>Decodes stored lines of one followed aggregate type with that aggregate's own codec (its event names and classes).</summary>
internal abstract class ProjectedEventDecoder
{
    /// <summary>Builds the decoder of <paramref name="followed"/>, reading events as the aggregate's journal does (the silo's event type map).</summary>
    public static ProjectedEventDecoder For(FollowedType followed, JsonSerializerOptions json, EventTypeCatalog catalog) =>
        (ProjectedEventDecoder)Activator.CreateInstance(
            typeof(Typed<>).MakeGenericType(followed.EventBaseType), followed, json, catalog.For(followed.EventBaseType))!;

    /// <summary>The event at <paramref name="version"/> of stream <paramref name="id"/>; throws <see cref="EventTypeMappingException"/> or <see cref="JsonException"/> on a line it cannot map.</summary>
    public abstract ProjectedEvent Decode(string id, long version, Event stored);

    private sealed class Typed<TEvent>(FollowedType followed, JsonSerializerOptions json, EventTypeRegistry registry) : ProjectedEventDecoder
        where TEvent : class
    {
        private readonly EnvelopeEntryCodec<TEvent> _codec = new(registry, json);

        public override ProjectedEvent Decode(string id, long version, Event stored)
        {
            EventEnvelope<TEvent> envelope = _codec.Decode(stored);
            return new ProjectedEvent
            {
                AggregateType = followed.AggregateType,
                AggregateId = id,
                Version = version,
                Event = envelope.Event,
                EventId = envelope.EventId,
                Actor = envelope.Actor,
                Timestamp = envelope.Timestamp,
                CommandId = envelope.CommandId,
                CorrelationId = envelope.CorrelationId,
                CausationId = envelope.CausationId,
                Metadata = envelope.Metadata,
            };
        }
    }
}
