using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Tests.ProcessManagers.Domain;

/// <summary>Follows the visitors but lacks their stream subscription: activating it must fail with a clear error.</summary>
public interface IUnsubscribedManager : IProcessManagerGrain;

public sealed class UnsubscribedManagerGrain : ProcessManagerGrain<Gatekeeper, long>, IUnsubscribedManager;

/// <summary>A manager whose name cannot be a folder name.</summary>
public sealed class BadlyNamed : ProcessManager<long>
{
    public override string Name => "Bad Name";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<VisitorGrain>()];

    public override long Initial => 0;

    public override Reaction<long> React(long state, ProjectedEvent @event) => Reaction.None(state);
}

public interface IBadlyNamed : IProcessManagerGrain;

[ImplicitStreamSubscription("saga-visitor")]
public sealed class BadlyNamedGrain : ProcessManagerGrain<BadlyNamed, long>, IBadlyNamed;
