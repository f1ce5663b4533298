using EventFold.Orleans.Bus;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>Sends a process manager's dead letters again on request and records what came of it in the dead-letter journal.</summary>
internal sealed class DeadLetterResender(string manager, ICommandBus bus, DeadLetterJournal deadLetters, TimeProvider time)
{
    /// <summary>Sends one unresolved letter again: resolved when applied, otherwise its attempts and error are updated.</summary>
    /// <exception cref="DeadLetterNotFoundException">The journal holds no such letter.</exception>
    public async Task<DeadLetterReplay> ReplayAsync(string letterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        var letter = deadLetters.Find(letterId) ?? throw new DeadLetterNotFoundException(
            $"The process manager {manager} has no dead letter \"{letterId}\" in {deadLetters.Path}; list them with GetDeadLettersAsync.");
        if (letter.Resolved)
        {
            return new DeadLetterReplay(letterId, true, null);
        }

        string code, message, type;
        try
        {
            var outcome = await bus.SendJsonAsync(letter.Envelope, cancellationToken);
            if (outcome.Succeeded)
            {
                deadLetters.Resolved(letterId, letter.Attempts + 1, time.GetUtcNow());
                return new DeadLetterReplay(letterId, true, null);
            }

            (code, message, type) = (outcome.Error!.Code, outcome.Error.Message, CommandDispatcher.RejectedType);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            (code, message, type) = (e.GetType().Name, e.Message, e.GetType().FullName!);
        }

        deadLetters.Attempted(letterId, code, message, type, letter.Attempts + 1, time.GetUtcNow());
        return new DeadLetterReplay(letterId, false, $"{code}: {message}");
    }

    /// <summary>Sends every unresolved letter again, one after the other.</summary>
    public async Task<IReadOnlyList<DeadLetterReplay>> ReplayAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<DeadLetterReplay>();
        foreach (var letter in deadLetters.All.Where(l => !l.Resolved).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await ReplayAsync(letter.LetterId, cancellationToken));
        }

        return results;
    }
}
