namespace EventFold.Orleans.Reading;

/// <summary>One stored event as read through <see cref="IStreamSource"/>, with the cursor just after it.</summary>
/// <param name="Event">The stored event line.</param>
/// <param name="After">The cursor after this event; its version is this event's stream version.</param>
public sealed record StoredStreamEvent(Event Event, StreamCursor After);
