using System.ComponentModel;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>Arguments every command takes: the store and <c>--json</c>.</summary>
public class StoreSettings : CommandSettings
{
    /// <summary>The store's base directory (the app's <c>EventFoldOptions.BaseDirectory</c>).</summary>
    [CommandArgument(0, "<store>")]
    [Description("The store directory (the app's EventFoldOptions.BaseDirectory).")]
    public string Store { get; init; } = "";

    /// <summary>Print JSON for scripts instead of tables.</summary>
    [CommandOption("--json")]
    [Description("Print JSON for scripts instead of tables.")]
    public bool Json { get; init; }
}

/// <summary>Arguments of commands that take an optional aggregate type and id after the store.</summary>
public class StreamFilterSettings : StoreSettings
{
    /// <summary>Only this aggregate type.</summary>
    [CommandArgument(1, "[type]")]
    [Description("Only streams of this aggregate type.")]
    public string? Type { get; init; }

    /// <summary>Only this stream (with <see cref="Type"/>).</summary>
    [CommandArgument(2, "[id]")]
    [Description("Only this stream instance id (needs a type).")]
    public string? Id { get; init; }
}

/// <summary>Arguments of commands on exactly one stream.</summary>
public class StreamSettings : StoreSettings
{
    /// <summary>The aggregate type.</summary>
    [CommandArgument(1, "<type>")]
    [Description("The aggregate type.")]
    public string Type { get; init; } = "";

    /// <summary>The stream instance id.</summary>
    [CommandArgument(2, "<id>")]
    [Description("The stream instance id (as the app passes it, not the encoded directory name).")]
    public string Id { get; init; } = "";
}
