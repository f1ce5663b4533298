namespace EventFold.Orleans.Provider;

/// <summary>Turns a journal entry into an eventfold <see cref="Event"/> line and back.</summary>
/// <typeparam name="TEntry">The grain's journal entry type.</typeparam>
internal interface IEntryCodec<TEntry>
{
    /// <summary>Encodes an entry; <paramref name="now"/> is used when the entry carries no timestamp.</summary>
    Event Encode(TEntry entry, DateTimeOffset now);

    /// <summary>Decodes a stored line; throws <see cref="Events.EventTypeMappingException"/> or <see cref="System.Text.Json.JsonException"/> on a line it cannot map.</summary>
    TEntry Decode(Event stored);

    /// <summary>The command id an entry was written for, if any (the deduplication key).</summary>
    string? CommandIdOf(TEntry entry);
}
