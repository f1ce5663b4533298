using System.Collections.Concurrent;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>What the test middlewares saw, in order: one silo-wide instance from DI.</summary>
public sealed class MiddlewareLog
{
    public ConcurrentQueue<string> Entries { get; } = new();
}

/// <summary>Records entering and leaving; registered first.</summary>
public sealed class OuterMiddleware(MiddlewareLog log) : ICommandMiddleware
{
    public async Task<CommandOutcome> InvokeAsync(CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken)
    {
        log.Entries.Enqueue("outer>");
        var outcome = await next(envelope, cancellationToken);
        log.Entries.Enqueue("<outer");
        return outcome;
    }
}

/// <summary>Refuses every command of the actor <c>mallory</c> without passing it on.</summary>
public sealed class GateMiddleware(MiddlewareLog log) : ICommandMiddleware
{
    public async Task<CommandOutcome> InvokeAsync(CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken)
    {
        if (envelope.Context.Actor == "mallory")
        {
            log.Entries.Enqueue("gate-denied");
            return CommandOutcome.Rejected(new DomainError("auth.denied", "mallory may not send commands."));
        }

        log.Entries.Enqueue("gate>");
        var outcome = await next(envelope, cancellationToken);
        log.Entries.Enqueue("<gate");
        return outcome;
    }
}

/// <summary>Adds the tenant to every command's metadata (and an actor when there is none); registered last.</summary>
public sealed class TenantMiddleware(MiddlewareLog log) : ICommandMiddleware
{
    public async Task<CommandOutcome> InvokeAsync(CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken)
    {
        log.Entries.Enqueue("tenant>");
        var metadata = new Dictionary<string, string>(envelope.Context.Metadata ?? [], StringComparer.Ordinal) { ["tenant"] = "acme" };
        var enriched = envelope with { Context = envelope.Context with { Metadata = metadata, Actor = envelope.Context.Actor ?? "system" } };
        var outcome = await next(enriched, cancellationToken);
        log.Entries.Enqueue("<tenant");
        return outcome;
    }
}
