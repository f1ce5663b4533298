using System.Text.Json;

namespace EventFold.Cli.Tests.Support;

/// <summary>Reads the findings of <c>verify --json</c>.</summary>
public static class Findings
{
    public static IReadOnlyList<JsonElement> Of(CliRun run) => [.. run.Json().GetProperty("findings").EnumerateArray()];

    public static JsonElement Single(CliRun run, string kind) =>
        Of(run).SingleOrDefault(f => f.GetProperty("kind").GetString() == kind) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new InvalidOperationException($"no single '{kind}' finding in:\n{run.Output}");
}
