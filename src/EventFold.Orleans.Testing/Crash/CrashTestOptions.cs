namespace EventFold.Orleans.Testing;

/// <summary>How <see cref="CrashTest.RunAsync"/> drives the app's crash host.</summary>
public sealed class CrashTestOptions
{
    /// <summary>
    /// The app's crash host (a console project calling <see cref="EventFoldCrashHost.RunAsync"/>): the path of its <c>.dll</c>,
    /// run with <c>dotnet</c>, or of an executable. Reference the project from the test project so it is built with it, and find
    /// the dll next to the test assembly or in the project's bin folder.
    /// </summary>
    public required string Host { get; set; }

    /// <summary>How often the host is killed; a last, unkilled-until-checked run follows. Default 3.</summary>
    public int Kills { get; set; } = 3;

    /// <summary>How many aggregates the load spreads over (<c>crash-00</c>, ...). Default 6.</summary>
    public int Aggregates { get; set; } = 6;

    /// <summary>How many commands run at once. Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The kill comes at a random moment between this long and <see cref="MaxRunTime"/> after the first acknowledgement. Default 300 ms.</summary>
    public TimeSpan MinRunTime { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>See <see cref="MinRunTime"/>. Default 1.5 s.</summary>
    public TimeSpan MaxRunTime { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>How long a start (silo up, first acknowledgement) may take. Default 60 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The seed of every random choice; <see langword="null"/> for a new one (a failure names the seed to replay).</summary>
    public int? Seed { get; set; }

    /// <summary>The store directory; <see langword="null"/> for a temporary one, deleted when the test passes (kept for a look when it fails).</summary>
    public string? Directory { get; set; }

    /// <summary>Environment variables for the host process.</summary>
    public Dictionary<string, string> Environment { get; } = [];
}
