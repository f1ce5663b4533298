namespace EventFold.Orleans.Events;

/// <summary>An event class has no usable stable name, or a stored name maps to no class.</summary>
[GenerateSerializer, Alias("EventFold.EventTypeMappingException")]
public sealed class EventTypeMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public EventTypeMappingException(string message)
        : base(message)
    {
    }
}
