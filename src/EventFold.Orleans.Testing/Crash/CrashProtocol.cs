using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace EventFold.Orleans.Testing;

/// <summary>
/// The crash host's command line and stdout lines, shared by <see cref="EventFoldCrashHost"/> and <see cref="CrashTest"/>.
/// </summary>
/// <remarks>
/// Arguments: <c>&lt;baseDir&gt; &lt;siloPort&gt; &lt;gatewayPort&gt; &lt;aggregates&gt; &lt;concurrency&gt; &lt;seed&gt; [resendFile]</c>.
/// Lines, each written only once it is true:
/// <c>READY</c>;
/// <c>ACK &lt;type&gt; &lt;id&gt; &lt;commandId&gt; &lt;events&gt; &lt;version&gt;</c> (the command's events are durable);
/// <c>DUP ...</c> the same for a command recognised as already applied;
/// <c>REJ &lt;type&gt; &lt;id&gt; &lt;commandId&gt; &lt;code&gt;</c> (a domain rejection: nothing was written);
/// <c>ERR &lt;id&gt; &lt;commandId&gt; &lt;message&gt;</c> (the command failed).
/// A resend file holds lines <c>&lt;id&gt; &lt;commandId&gt;</c>.
/// </remarks>
internal static class CrashProtocol
{
    public const string Ready = "READY";

    public static string AggregateId(int index) => string.Create(CultureInfo.InvariantCulture, $"crash-{index:D2}");

    /// <summary>A generator seeded by the command id alone (a stable hash: string.GetHashCode differs per process).</summary>
    public static Random RandomFor(string commandId) =>
        new(unchecked((int)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(commandId))));

    public static string Outcome(string aggregateId, string commandId, CrashCommandOutcome outcome) =>
        outcome.RejectedWith is { } code
            ? $"REJ {outcome.AggregateType} {aggregateId} {commandId} {code}"
            : string.Create(CultureInfo.InvariantCulture,
                $"{(outcome.WasDuplicate ? "DUP" : "ACK")} {outcome.AggregateType} {aggregateId} {commandId} {outcome.Events} {outcome.Version}");
}
