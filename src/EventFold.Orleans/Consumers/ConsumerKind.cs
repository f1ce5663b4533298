using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Consumers;

/// <summary>
/// What tells the two kinds of stream consumer apart outside their own logic: the words in their messages, the folder of
/// their checkpoints, their log category, the grain key getter users call and the exception a misconfiguration raises.
/// </summary>
internal sealed record ConsumerKind(
    string Noun,
    string Title,
    string Folder,
    string LoggerCategory,
    string GetterName,
    string Verb,
    string Restarts,
    Func<string, Exception> ConfigurationError)
{
    /// <summary>Projections: fold events into a state.</summary>
    public static readonly ConsumerKind Projection = new(
        "projection", "Projection", "projections", "EventFold.Projections", "GetProjection", "applying", "rebuilds", m => new ProjectionConfigurationException(m));

    /// <summary>Process managers: react to events with commands.</summary>
    public static readonly ConsumerKind ProcessManager = new(
        "process manager", "Process manager", "process-managers", "EventFold.ProcessManagers", "GetProcessManager", "reacting to", "starts over", m => new ProcessManagerConfigurationException(m));
}
