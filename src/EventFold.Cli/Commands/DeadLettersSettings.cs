using System.ComponentModel;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>Arguments of <c>dead-letters</c>: the store, optionally one process manager, <c>--all</c> and <c>--show</c>.</summary>
public sealed class DeadLettersSettings : StoreSettings
{
    /// <summary>Only this process manager (its name, the folder under <c>process-managers/</c>).</summary>
    [CommandArgument(1, "[manager]")]
    [Description("Only this process manager (its Name).")]
    public string? Manager { get; init; }

    /// <summary>Include letters a replay resolved.</summary>
    [CommandOption("--all")]
    [Description("Include the letters a replay resolved.")]
    public bool All { get; init; }

    /// <summary>Print one letter with its JSON envelope (needs <see cref="Manager"/>).</summary>
    [CommandOption("--show <LETTER_ID>")]
    [Description("Print one letter with its JSON command envelope (needs the manager).")]
    public string? Show { get; init; }
}
