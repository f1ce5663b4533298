using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>
/// Arguments of <c>dead-letters replay</c>: the store, the process manager, which letters (<c>--id</c> or <c>--all</c>),
/// and how to reach the running app (its localhost gateway, cluster and service id, as its <c>UseLocalhostClustering</c> sets them).
/// </summary>
public sealed class DeadLettersReplaySettings : StoreSettings
{
    /// <summary>Orleans' default gateway port, the one <c>UseLocalhostClustering</c> uses when none is given.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Orleans' default cluster and service id, the ones <c>UseLocalhostClustering</c> uses when none is given.</summary>
    public const string DefaultId = "dev";

    /// <summary>The process manager (its Name, the folder under <c>process-managers/</c>).</summary>
    [CommandArgument(1, "<manager>")]
    [Description("The process manager whose letters to replay (its Name).")]
    public string Manager { get; init; } = "";

    /// <summary>The letters to replay (repeatable).</summary>
    [CommandOption("--id <LETTER_ID>")]
    [Description("Replay this letter (repeatable). Ids are listed by eventfold dead-letters.")]
    public string[] Ids { get; init; } = [];

    /// <summary>Replay every unresolved letter of the manager.</summary>
    [CommandOption("--all")]
    [Description("Replay every unresolved letter of the manager, oldest first.")]
    public bool All { get; init; }

    /// <summary>The running app's localhost gateway port.</summary>
    [CommandOption("--gateway <PORT>")]
    [Description("The running app's gateway port on localhost: gatewayPort of UseLocalhostClustering / EndpointOptions.GatewayPort.")]
    [DefaultValue(DefaultGatewayPort)]
    public int Gateway { get; init; } = DefaultGatewayPort;

    /// <summary>The app's cluster id.</summary>
    [CommandOption("--cluster-id <ID>")]
    [Description("The app's ClusterOptions.ClusterId (UseLocalhostClustering's clusterId).")]
    [DefaultValue(DefaultId)]
    public string ClusterId { get; init; } = DefaultId;

    /// <summary>The app's service id.</summary>
    [CommandOption("--service-id <ID>")]
    [Description("The app's ClusterOptions.ServiceId (UseLocalhostClustering's serviceId).")]
    [DefaultValue(DefaultId)]
    public string ServiceId { get; init; } = DefaultId;

    /// <summary>How long to wait to connect, and for each letter's replay, in seconds.</summary>
    [CommandOption("--timeout <SECONDS>")]
    [Description("Seconds to wait to connect and for each letter's replay.")]
    [DefaultValue(30)]
    public int Timeout { get; init; } = 30;

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        All == (Ids.Length > 0) ? ValidationResult.Error("name the letters to replay with --id <LETTER_ID> (repeatable), or pass --all; not both")
        : Gateway is < 1 or > 65535 ? ValidationResult.Error($"--gateway {Gateway} is not a TCP port (1-65535)")
        : Timeout < 1 ? ValidationResult.Error("--timeout must be 1 second or more")
        : string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId) ? ValidationResult.Error("--cluster-id and --service-id cannot be empty")
        : ValidationResult.Success();
}
