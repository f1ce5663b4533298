using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using Microsoft.Extensions.Logging;
using StreamPosition = EventFold.Orleans.Aggregates.StreamPosition;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// Sends a process manager's commands through the bus until each has an outcome (applied, or a dead letter), retrying
/// transient failures, in order per target aggregate; every dispatch holds one slot of the <see cref="InFlightGate"/>.
/// Used on the grain's scheduler only.
/// </summary>
internal sealed class CommandDispatcher(
    string manager, ICommandBus bus, InFlightGate gate, DeadLetterJournal deadLetters, ProcessManagerOptions options,
    JsonSerializerOptions json, TimeProvider time, ILogger logger, CancellationToken deactivating, CancellationToken siloStopping, Action<string> reportError)
{
    /// <summary>What a dead letter records as its error type when the domain rejected the command.</summary>
    public const string RejectedType = "rejected";

    private readonly Dictionary<(string Type, string Id), Lane> _lanes = [];

    /// <summary>Commands started.</summary>
    public long Sent { get; private set; }

    /// <summary>Commands the targets applied.</summary>
    public long Succeeded { get; private set; }

    /// <summary>Commands that became dead letters.</summary>
    public long DeadLettered { get; private set; }

    /// <summary>A command ended without a known outcome: this activation must not checkpoint past it (a restart sends it again).</summary>
    public bool UnsafeToCheckpoint { get; private set; }

    /// <summary>Starts sending <paramref name="envelope"/> (the caller holds a gate slot for it, which the dispatch gives back).</summary>
    public void Start(CommandEnvelope envelope, StreamPosition source)
    {
        var target = (envelope.AggregateType, envelope.AggregateId);
        if (!_lanes.TryGetValue(target, out var lane))
        {
            lane = new Lane();
            _lanes[target] = lane;
        }

        lane.Pending++;
        Sent++;
        lane.Tail = DispatchAsync(envelope, source, target, lane, lane.Tail);
    }

    /// <summary>Sends one command until it has an outcome: applied, or a dead letter. Never throws.</summary>
    private async Task DispatchAsync(CommandEnvelope envelope, StreamPosition source, (string, string) target, Lane lane, Task previous)
    {
        try
        {
            await previous; // in order per target aggregate; never faults
            var first = time.GetUtcNow();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var outcome = await bus.SendAsync(envelope, deactivating);
                    if (outcome.Succeeded)
                    {
                        Succeeded++;
                        return;
                    }

                    DeadLetter(envelope, source, outcome.Error!.Code, outcome.Error.Message, RejectedType, attempt, first);
                    return;
                }
                catch (OperationCanceledException) when (deactivating.IsCancellationRequested)
                {
                    Abandon(envelope, "the grain deactivated while it was being sent");
                    return;
                }
                catch (Exception e) when (!IsPermanent(e) && (siloStopping.IsCancellationRequested || deactivating.IsCancellationRequested))
                {
                    // Probably the target going down with the silo: no dead letter, the restart sends it again.
                    Abandon(envelope, $"it failed while the silo was stopping: {e.GetType().Name}: {e.Message}");
                    return;
                }
                catch (Exception e) when (IsPermanent(e) || attempt >= Math.Max(1, options.MaxAttempts))
                {
                    DeadLetter(envelope, source, e.GetType().Name, e.Message, e.GetType().FullName!, attempt, first);
                    return;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Process manager {Manager}: command {CommandId} to {Type}/{Id} failed (attempt {Attempt}), retrying",
                        manager, envelope.Context.CommandId, envelope.AggregateType, envelope.AggregateId, attempt);
                }

                try
                {
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(deactivating, siloStopping);
                    await Task.Delay(options.RetryDelay(attempt), time, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    Abandon(envelope, "the grain deactivated while it waited to retry");
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Abandon(envelope, e.Message);
        }
        finally
        {
            if (--lane.Pending == 0 && _lanes.TryGetValue(target, out var current) && current == lane)
            {
                _lanes.Remove(target);
            }

            gate.Exit();
        }
    }

    /// <summary>
    /// Failures that a resend of the same command cannot fix: the bus's own errors (unknown aggregate or command type,
    /// malformed JSON, a command the target does not take), a command id reused for another command, a command too large
    /// or one whose events the aggregate cannot fold, and an expected version the stream is not at.
    /// </summary>
    private static bool IsPermanent(Exception e) =>
        e is CommandBusException or CommandIdReusedException or CommandTooLargeException or ExpectedVersionMismatchException or AggregateFoldException or ArgumentException;

    private void DeadLetter(CommandEnvelope envelope, StreamPosition source, string code, string message, string type, int attempts, DateTimeOffset first)
    {
        try
        {
            var envelopeJson = DeadLetterEnvelope.ToJson(envelope, json, out var problem);
            var letter = deadLetters.Record(new DeadLetter
            {
                LetterId = envelope.Context.CommandId!,
                Envelope = envelopeJson,
                ErrorCode = code,
                ErrorMessage = problem is null ? message : $"{message} ({problem})",
                ErrorType = type,
                Attempts = attempts,
                FirstAttempt = first,
                LastAttempt = time.GetUtcNow(),
                Source = source,
            });
            DeadLettered++;
            logger.LogWarning("Process manager {Manager}: command {CommandId} to {Type}/{Id} became a dead letter after {Attempts} attempt(s): {Code}: {Message}",
                manager, letter.LetterId, envelope.AggregateType, envelope.AggregateId, attempts, code, message);
        }
        catch (Exception e)
        {
            Abandon(envelope, $"its dead letter could not be written to {deadLetters.Path}: {e.Message}");
        }
    }

    private void Abandon(CommandEnvelope envelope, string why)
    {
        UnsafeToCheckpoint = true;
        var error = $"command {envelope.Context.CommandId} to {envelope.AggregateType}/{envelope.AggregateId} has no known outcome: {why}";
        reportError(error);
        logger.LogError("Process manager {Manager}: {Error}; no further checkpoint in this activation", manager, error);
    }

    /// <summary>The dispatches of one target aggregate, chained so they reach it in the order they were emitted.</summary>
    private sealed class Lane
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Pending { get; set; }
    }
}
