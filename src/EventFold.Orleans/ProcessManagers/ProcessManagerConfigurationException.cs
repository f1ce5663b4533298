namespace EventFold.Orleans.ProcessManagers;

/// <summary>A process manager or its grain class is set up wrongly (name, followed types, subscriptions, key).</summary>
[GenerateSerializer, Alias("EventFold.ProcessManagerConfigurationException")]
public sealed class ProcessManagerConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ProcessManagerConfigurationException(string message)
        : base(message)
    {
    }
}
