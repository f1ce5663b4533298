namespace EventFold.Orleans.Bus;

/// <summary>Command classes cannot be told apart by their stable names (a name used twice, or an empty name): stops the silo start.</summary>
[GenerateSerializer, Alias("EventFold.CommandTypeMappingException")]
public sealed class CommandTypeMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public CommandTypeMappingException(string message)
        : base(message)
    {
    }
}
