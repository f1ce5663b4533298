namespace EventFold.Orleans.ProcessManagers;

/// <summary>A replay named a dead letter the process manager does not hold.</summary>
[GenerateSerializer, Alias("EventFold.DeadLetterNotFoundException")]
public sealed class DeadLetterNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which manager and letter id.</param>
    public DeadLetterNotFoundException(string message)
        : base(message)
    {
    }
}
