namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command rejected by the domain: returned to the caller as a value, never thrown, and nothing is written.
/// </summary>
/// <param name="Code">A stable, machine-readable code, e.g. <c>order.already-shipped</c>.</param>
/// <param name="Message">A human-readable explanation.</param>
/// <remarks>
/// Derive from it (with <c>[GenerateSerializer]</c>) to carry typed details; callers can then pattern-match on
/// <see cref="CommandResult{TEvent}.Error"/>.
/// </remarks>
[GenerateSerializer, Alias("EventFold.DomainError")]
public record DomainError([property: Id(0)] string Code, [property: Id(1)] string Message);
