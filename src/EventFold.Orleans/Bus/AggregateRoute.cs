namespace EventFold.Orleans.Bus;

/// <summary>Where the bus sends the commands of one aggregate type: the grain class and its types.</summary>
/// <param name="AggregateType">The aggregate type name.</param>
/// <param name="GrainClass">The <c>AggregateGrain</c> subclass.</param>
/// <param name="GrainType">The grain class's Orleans grain type.</param>
/// <param name="CommandBase">The aggregate's command base type.</param>
/// <param name="Invoker">Calls the grain's <c>Execute</c>.</param>
internal sealed record AggregateRoute(string AggregateType, Type GrainClass, GrainType GrainType, Type CommandBase, AggregateInvoker Invoker)
{
    /// <summary>The grain id of the aggregate instance <paramref name="aggregateId"/>.</summary>
    public GrainId GrainIdOf(string aggregateId) => GrainId.Create(GrainType, aggregateId);
}
