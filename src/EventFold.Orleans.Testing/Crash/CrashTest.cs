using System.Globalization;
using System.Text;

namespace EventFold.Orleans.Testing;

/// <summary>
/// Crash-tests the app's aggregates: starts the app's crash host (<see cref="EventFoldCrashHost"/>) as a child process under
/// load, kills it with SIGKILL at a random moment, checks the store's files, restarts it on the same directory (resending
/// commands acknowledged before the kill, which must come back as duplicates), and so on; a last run must accept a new
/// command on every aggregate. After every kill the files must hold every acknowledged command exactly once, at the version
/// it was acknowledged with, and no rejected command.
/// <code>
/// var report = await CrashTest.RunAsync(new CrashTestOptions { Host = Path.Combine(AppContext.BaseDirectory, "MyApp.CrashHost.dll") });
/// </code>
/// </summary>
/// <remarks>SIGKILL needs Linux or macOS for the real thing; on Windows the kill is TerminateProcess, which is as abrupt.</remarks>
public static class CrashTest
{
    private const int RecentResends = 8;
    private const int OlderResends = 4;
    private const int UnacknowledgedResends = 4;

    /// <summary>Runs the kills and the final run, checking the files after each.</summary>
    /// <param name="options">The host and the load.</param>
    /// <param name="cancellationToken">Cancels between steps (the host is killed).</param>
    /// <returns>What was checked.</returns>
    /// <exception cref="CrashTestFailedException">A check failed, a command failed in the host, or the host did not start; the message has the seed and the host's output.</exception>
    public static async Task<CrashTestReport> RunAsync(CrashTestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.Host))
        {
            throw new FileNotFoundException(
                $"The crash host {options.Host} does not exist. Build the app's crash host project (a console app calling {nameof(EventFoldCrashHost)}.{nameof(EventFoldCrashHost.RunAsync)}) and pass its .dll or executable.",
                options.Host);
        }

        var seed = options.Seed ?? Random.Shared.Next();
        var random = new Random(seed);
        var owned = options.Directory is null;
        var directory = options.Directory ?? Path.Combine(Path.GetTempPath(), "eventfold-crash-tests", Guid.NewGuid().ToString("N"));
        var store = Path.Combine(directory, "store");
        Directory.CreateDirectory(directory);

        var acknowledged = new Dictionary<string, CrashReport>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, CrashReport>(StringComparer.Ordinal);
        var summary = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"crash test seed {seed}, store {store}");
        var resend = new List<(string Id, string CommandId, CrashReport? Original)>();
        var onDiskOnly = new Dictionary<string, StoredCrashCommand>(StringComparer.Ordinal);
        var duplicates = 0;
        long eventsOnDisk = 0;
        var run = 0;
        try
        {
            for (run = 1; run <= options.Kills + 1; run++)
            {
                var final = run > options.Kills;
                var resendFile = WriteResendFile(directory, run, resend);
                await using var host = await StartReadyAsync(options, store, run, random.Next(1, int.MaxValue), resendFile).ConfigureAwait(false);
                string Failure(string what) =>
                    $"Crash test seed {seed} (replay with {nameof(CrashTestOptions)}.{nameof(CrashTestOptions.Seed)} = {seed}), run {run} of {options.Kills + 1}" +
                    $"{(final ? " (final)" : "")}: {what}{Environment.NewLine}Store kept at {store}{Environment.NewLine}{summary}{host.Diagnostics()}";

                await host.WaitFirstAckAsync(options.StartTimeout).ConfigureAwait(false);
                if (final)
                {
                    var ids = Enumerable.Range(0, options.Aggregates).Select(CrashProtocol.AggregateId).ToList();
                    var done = await host.WaitUntilAsync(
                        h => h.Errors.Count > 0 || (ids.All(id => h.Reports.Any(r => r.AggregateId == id && r.Kind != "DUP")) && Answered(h, resend)),
                        options.StartTimeout,
                        cancellationToken).ConfigureAwait(false);
                    if (!done && host.Errors.Count == 0)
                    {
                        throw new CrashTestFailedException(Failure(
                            $"after the last restart not every aggregate answered a new command, or not every resent command came back, within {options.StartTimeout.TotalSeconds:0} s"));
                    }
                }
                else
                {
                    var min = (int)options.MinRunTime.TotalMilliseconds;
                    await Task.Delay(random.Next(min, Math.Max(min + 1, (int)options.MaxRunTime.TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
                }

                if (host.HasExited)
                {
                    throw new CrashTestFailedException(Failure("the host exited on its own before it was killed"));
                }

                await host.KillAsync().ConfigureAwait(false);
                if (host.Errors.Count > 0)
                {
                    throw new CrashTestFailedException(Failure($"the host reported failed commands:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", host.Errors.Take(20))}"));
                }

                var reports = host.Reports;
                duplicates += CheckResends(reports, resend, onDiskOnly, acknowledged, Failure);
                foreach (var report in reports.Where(r => r.Kind != "DUP"))
                {
                    var into = report.Kind == "REJ" ? rejected : acknowledged;
                    if (acknowledged.ContainsKey(report.CommandId) || rejected.ContainsKey(report.CommandId))
                    {
                        throw new CrashTestFailedException(Failure($"command {report.CommandId} was answered twice as new"));
                    }

                    into[report.CommandId] = report;
                }

                var check = CrashStoreCheck.Verify(store, acknowledged, rejected);
                if (check.Problems.Count > 0)
                {
                    throw new CrashTestFailedException(Failure($"the files after the kill are wrong ({check.Problems.Count} problems):{Environment.NewLine}  " +
                        string.Join(Environment.NewLine + "  ", check.Problems.Take(25))));
                }

                eventsOnDisk = check.Events;
                summary.AppendLine(CultureInfo.InvariantCulture,
                    $"run {run}: {reports.Count(r => r.Kind == "ACK")} ACK, {reports.Count(r => r.Kind == "REJ")} REJ, {reports.Count(r => r.Kind == "DUP")} DUP of {resend.Count} resent, " +
                    $"{(final ? "final run" : "killed")}; files: {check.Streams} streams, {check.Events} events, {check.Commands.Count} commands");
                onDiskOnly = check.Commands.Values.Where(c => !acknowledged.ContainsKey(c.CommandId)).ToDictionary(c => c.CommandId, StringComparer.Ordinal);
                resend = PickResends(reports, onDiskOnly.Values, random);
            }
        }
        catch (Exception e) when (e is not CrashTestFailedException)
        {
            throw new CrashTestFailedException(
                $"Crash test seed {seed}, run {run} of {options.Kills + 1}: {e.Message}{Environment.NewLine}Store kept at {store}{Environment.NewLine}{summary}", e);
        }

        if (owned)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Leftovers in the temp folder do not change the result.
            }
        }

        return new CrashTestReport(seed, options.Kills, acknowledged.Values.Count(a => a.Events > 0), rejected.Count, duplicates, eventsOnDisk, summary.ToString());
    }

    /// <summary>Whether every resent command came back (as a duplicate or, wrongly, as new: checked after the kill).</summary>
    private static bool Answered(CrashHostChild host, List<(string Id, string CommandId, CrashReport? Original)> resend)
    {
        var answered = host.Reports.Select(r => r.CommandId).ToHashSet(StringComparer.Ordinal);
        return resend.All(r => answered.Contains(r.CommandId));
    }

    /// <summary>Each resent command that came back must be a duplicate with its original events and version; returns how many did.</summary>
    private static int CheckResends(
        IReadOnlyList<CrashReport> reports,
        List<(string Id, string CommandId, CrashReport? Original)> resend,
        Dictionary<string, StoredCrashCommand> onDiskOnly,
        Dictionary<string, CrashReport> acknowledged,
        Func<string, string> failure)
    {
        var byId = reports.GroupBy(r => r.CommandId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var recognised = 0;
        foreach (var (id, commandId, original) in resend)
        {
            if (!byId.TryGetValue(commandId, out var answers))
            {
                continue; // killed before it came back
            }

            var answer = answers[0];
            if (answer.Kind != "DUP")
            {
                throw new CrashTestFailedException(failure($"resent command {commandId} on {id} was not recognised as a duplicate: {answer.Kind} with {answer.Events} events at version {answer.Version}"));
            }

            if (original is not null && (answer.Events != original.Events || answer.Version != original.Version))
            {
                throw new CrashTestFailedException(failure($"resent command {commandId} on {id} came back with {answer.Events} events at version {answer.Version}; it was acknowledged with {original.Events} at {original.Version}"));
            }

            if (original is null)
            {
                // Written before a kill but never acknowledged: it must match what the files held, and now it is acknowledged.
                if (onDiskOnly.TryGetValue(commandId, out var stored) && (stored.Count != answer.Events || stored.First + stored.Count != answer.Version))
                {
                    throw new CrashTestFailedException(failure($"resent command {commandId} on {id} came back with {answer.Events} events at version {answer.Version}; the files held {stored.Count} at {stored.First}"));
                }

                acknowledged[commandId] = answer;
            }

            recognised++;
        }

        return recognised;
    }

    /// <summary>The last acknowledged commands, a few older ones, and a few that were written but not acknowledged before the kill.</summary>
    private static List<(string Id, string CommandId, CrashReport? Original)> PickResends(
        IReadOnlyList<CrashReport> reports, IEnumerable<StoredCrashCommand> unacknowledged, Random random)
    {
        var acks = reports.Where(r => r.Kind == "ACK" && r.Events > 0).ToList();
        var picked = acks.TakeLast(RecentResends).Select(a => (a.AggregateId, a.CommandId, (CrashReport?)a)).ToList();
        var older = acks.Take(Math.Max(0, acks.Count - RecentResends)).ToList();
        for (var i = 0; i < OlderResends && older.Count > 0; i++)
        {
            var index = random.Next(older.Count);
            picked.Add((older[index].AggregateId, older[index].CommandId, older[index]));
            older.RemoveAt(index);
        }

        // The stream directory's name is the encoded id; the crash host's ids (crash-NN) encode to themselves.
        var written = unacknowledged.ToList();
        for (var i = 0; i < UnacknowledgedResends && written.Count > 0; i++)
        {
            var index = random.Next(written.Count);
            picked.Add((Path.GetFileName(written[index].Directory), written[index].CommandId, null));
            written.RemoveAt(index);
        }

        return picked;
    }

    private static string? WriteResendFile(string directory, int run, List<(string Id, string CommandId, CrashReport? Original)> resend)
    {
        if (resend.Count == 0)
        {
            return null;
        }

        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"resend-{run}.txt"));
        File.WriteAllLines(path, resend.Select(r => $"{r.Id} {r.CommandId}"));
        return path;
    }

    /// <summary>Starts the host and waits for READY; starts it again (twice at most) when it failed, e.g. on a port taken meanwhile.</summary>
    private static async Task<CrashHostChild> StartReadyAsync(CrashTestOptions options, string store, int run, int seed, string? resendFile)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = CrashHostChild.Start(options, store, run, seed, resendFile);
            try
            {
                await host.WaitReadyAsync(options.StartTimeout).ConfigureAwait(false);
                return host;
            }
            catch (Exception) when (attempt < 3 && host.HasExited)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
