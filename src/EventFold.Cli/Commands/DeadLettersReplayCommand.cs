using System.Globalization;
using EventFold.Cli.DeadLetters;
using EventFold.Cli.Output;
using EventFold.Cli.Store;
using EventFold.Orleans.ProcessManagers;
using Orleans.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>
/// <c>dead-letters replay &lt;store&gt; &lt;manager&gt; (--id ID... | --all) [--gateway PORT]</c>: sends dead letters again
/// through the running app (which holds the store lock), then reads the outcome back from the store's file. Exit 0 when
/// every letter was resolved, 1 when any failed again, 2 when the replay could not run or a letter got no answer.
/// </summary>
/// <param name="console">Where the output goes.</param>
public sealed class DeadLettersReplayCommand(IAnsiConsole console) : AsyncCommand<DeadLettersReplaySettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DeadLettersReplaySettings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var file = ManagerLetters.Load(store, settings.Manager)[0].Contents;
        var listing = $"eventfold dead-letters {store.Paths.BaseDirectory} {settings.Manager} --all";
        // Named letters are checked against the file first: a typo or a resolved letter is reported without the app.
        foreach (var id in settings.Ids)
        {
            var letter = file.Letters.FirstOrDefault(l => l.LetterId == id)
                ?? throw new CliException($"no dead letter \"{id}\" in {file.Path}; list them with {listing}");
            ThrowIfResolved(letter, file.Path);
        }

        var timeout = TimeSpan.FromSeconds(settings.Timeout);
        await using var app = await AppGateway.ConnectAsync(settings.Gateway, settings.ClusterId, settings.ServiceId, timeout, cancellationToken).ConfigureAwait(false);
        var manager = await RunningManagers.FindAsync(app, settings.Manager, store.Paths.BaseDirectory).ConfigureAwait(false);
        var held = (await manager.GetDeadLettersAsync(includeResolved: true).ConfigureAwait(false)).ToDictionary(l => l.LetterId, StringComparer.Ordinal);
        // The app appends to the file before it lists a letter, so a file read now holds every letter the app holds.
        file = ManagerLetters.Load(store, settings.Manager)[0].Contents;
        var ids = settings.All ? [.. held.Values.Where(l => !l.Resolved).Select(l => l.LetterId)] : settings.Ids.Distinct(StringComparer.Ordinal).ToList();
        ThrowIfAnotherStore(held, file, ids, app.Address, store.Paths.BaseDirectory);
        foreach (var id in settings.Ids)
        {
            ThrowIfResolved(held[id], file.Path); // resolved by someone else since the file was first read
        }

        var answers = new List<(string Id, ReplayOutcome Outcome, string? Error)>();
        var interrupted = 0;
        foreach (var id in ids)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = ids.Count - answers.Count;
                break;
            }

            answers.Add(await ReplayAsync(manager, id, timeout, file.Path, listing, cancellationToken).ConfigureAwait(false));
        }

        // The outcome as the store holds it: what `dead-letters` lists from now on.
        file = ManagerLetters.Load(store, settings.Manager)[0].Contents;
        var replayed = answers.Select(a => new ReplayedLetter(file.Letters.First(l => l.LetterId == a.Id), a.Outcome, a.Error)).ToList();
        var notInFile = replayed.Where(r => r.Outcome == ReplayOutcome.Resolved && !r.Letter.Resolved).Select(r => r.Letter.LetterId).ToList();
        Write(settings, store, app.Address, file.Path, replayed, interrupted);
        if (notInFile.Count > 0)
        {
            throw new CliException($"the app resolved {string.Join(", ", notInFile)} but {file.Path} does not show it: the app behind {app.Address} writes another store than {store.Paths.BaseDirectory}");
        }

        return interrupted > 0 || replayed.Any(r => r.Outcome == ReplayOutcome.NoAnswer) ? ExitCodes.Error
            : replayed.Any(r => r.Outcome == ReplayOutcome.FailedAgain) ? ExitCodes.Findings
            : ExitCodes.Ok;
    }

    // The app's letters and the file's must be the same set; if not, the gateway belongs to an app on another store
    // (a second environment, a copy), and replaying there would resolve letters this file never shows.
    private static void ThrowIfAnotherStore(Dictionary<string, DeadLetter> held, DeadLetterFileContents file, IEnumerable<string> ids, string gateway, string store)
    {
        var inFile = file.Letters.Select(l => l.LetterId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids.Concat(held.Keys))
        {
            if (!held.ContainsKey(id) || !inFile.Contains(id))
            {
                throw new CliException($"the app on the gateway {gateway} and {file.Path} disagree on the dead letter \"{id}\" ("
                    + (held.ContainsKey(id) ? "the app holds it, the file does not" : "the file holds it, the app does not")
                    + $"): the app behind {gateway} writes another store than {store}. Pass the gateway port of this store's app with --gateway; nothing was replayed");
            }
        }
    }

    private static void ThrowIfResolved(DeadLetter letter, string path)
    {
        if (letter.Resolved)
        {
            throw new CliException($"the dead letter \"{letter.LetterId}\" is already resolved (at {Sizes.Time(letter.ResolvedAt)}, after {letter.Attempts} attempts, in {path}); nothing was sent");
        }
    }

    private static async Task<(string, ReplayOutcome, string?)> ReplayAsync(
        IProcessManagerGrain manager, string id, TimeSpan timeout, string path, string listing, CancellationToken cancellationToken)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(timeout);
        try
        {
            var replay = await manager.ReplayDeadLetterAsync(id, call.Token).ConfigureAwait(false);
            return (id, replay.Succeeded ? ReplayOutcome.Resolved : ReplayOutcome.FailedAgain, replay.Error);
        }
        catch (DeadLetterNotFoundException)
        {
            throw new CliException($"the app no longer holds the dead letter \"{id}\" of {path}; list them with {listing}");
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Interrupted or timed out while the app dispatches: the outcome is unknown, and the caller stops or goes on.
            var why = cancellationToken.IsCancellationRequested ? "interrupted while waiting for the answer" : $"no answer within {timeout.TotalSeconds:0} s";
            return (id, ReplayOutcome.NoAnswer,
                $"{why}; the command may still be applied: replay it again to learn (an applied command resolves the letter without being applied twice)");
        }
        catch (OrleansException e)
        {
            // The grain records the bus's failures itself; an exception here is the connection or the silo: the outcome is unknown.
            return (id, ReplayOutcome.NoAnswer,
                $"the app did not answer ({e.GetType().Name}: {e.Message}); the command may still be applied: replay it again to learn");
        }
    }

    private void Write(DeadLettersReplaySettings settings, StoreLocation store, string gateway, string path, IReadOnlyList<ReplayedLetter> replayed, int interrupted)
    {
        var resolved = replayed.Count(r => r.Outcome == ReplayOutcome.Resolved);
        var failed = replayed.Count(r => r.Outcome == ReplayOutcome.FailedAgain);
        var unanswered = replayed.Count(r => r.Outcome == ReplayOutcome.NoAnswer);
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteString("manager", settings.Manager);
                w.WriteString("gateway", gateway);
                w.WriteString("file", path);
                w.WriteNumber("resolved", resolved);
                w.WriteNumber("failed", failed);
                w.WriteNumber("no_answer", unanswered);
                w.WriteNumber("not_replayed", interrupted);
                w.WriteStartArray("letters");
                foreach (var r in replayed)
                {
                    var l = r.Letter;
                    w.WriteStartObject();
                    w.WriteString("letter_id", l.LetterId);
                    w.WriteString("result", r.Result);
                    w.WriteStartObject("target");
                    w.WriteString("aggregate_type", l.Envelope.AggregateType);
                    w.WriteString("aggregate_id", l.Envelope.AggregateId);
                    w.WriteEndObject();
                    w.WriteString("command_type", l.Envelope.CommandType);
                    w.WriteNumber("attempts", l.Attempts);
                    if (r.Outcome == ReplayOutcome.Resolved)
                    {
                        w.WriteNull("error");
                    }
                    else
                    {
                        w.WriteStartObject("error");
                        // A failed replay wrote its error to the letter; no answer means the letter's error is the old one.
                        w.StringOrNull("code", r.Outcome == ReplayOutcome.FailedAgain ? l.ErrorCode : null);
                        w.WriteString("message", r.Outcome == ReplayOutcome.FailedAgain ? l.ErrorMessage : r.Error);
                        w.StringOrNull("type", r.Outcome == ReplayOutcome.FailedAgain ? l.ErrorType : null);
                        w.WriteEndObject();
                    }

                    w.TimeOrNull("resolved_at", l.ResolvedAt);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        if (replayed.Count > 0)
        {
            var table = new Table().AddColumns("letter", "target", "command", "result", "attempts", "error");
            foreach (var r in replayed)
            {
                var l = r.Letter;
                var result = r.Outcome switch
                {
                    ReplayOutcome.Resolved => "[green]resolved[/]",
                    ReplayOutcome.FailedAgain => "[red]failed again[/]",
                    _ => "[yellow]no answer[/]",
                };
                var error = r.Outcome switch
                {
                    ReplayOutcome.Resolved => "-",
                    ReplayOutcome.FailedAgain => $"{l.ErrorCode}: {l.ErrorMessage}",
                    _ => r.Error ?? "",
                };
                table.AddRow(Markup.Escape(l.LetterId), Markup.Escape($"{l.Envelope.AggregateType}/{l.Envelope.AggregateId}"), Markup.Escape(l.Envelope.CommandType),
                    result, l.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(error));
            }

            console.Write(table);
        }
        else
        {
            console.MarkupLineInterpolated($"{settings.Manager} has no unresolved dead letters: nothing to replay");
        }

        var tail = unanswered > 0 ? $", {unanswered} without an answer" : "";
        console.MarkupLineInterpolated($"{settings.Manager}: {resolved} resolved, {failed} failed again{tail} (through the app on {gateway}; {path})");
        if (interrupted > 0)
        {
            console.MarkupLineInterpolated($"[yellow]interrupted:[/] {interrupted} letters were not replayed");
        }

        if (failed > 0)
        {
            console.MarkupLine("Fix the cause the errors name, then replay again; a failed letter stays unresolved with its new error.");
        }
    }
}
