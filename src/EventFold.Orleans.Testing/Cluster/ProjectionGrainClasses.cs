using EventFold.Orleans.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Testing;

/// <summary>The projection grain classes a silo runs, and the aggregate types each one follows.</summary>
internal static class ProjectionGrainClasses
{
    /// <summary>Each concrete <see cref="ProjectionGrain{TProjection, TState}"/> class registered in the silo (classes left out of <see cref="GrainTypeOptions"/> are not).</summary>
    public static IReadOnlyList<(Type GrainClass, string Name, IReadOnlySet<string> Follows)> Of(IServiceProvider siloServices) =>
        [.. siloServices.GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes
            .Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition)
            .Select(t => (Class: t, Base: ProjectionBase(t)))
            .Where(x => x.Base is not null)
            .Select(x => Describe(x.Class, x.Base!))
            .OrderBy(x => x.GrainClass.FullName, StringComparer.Ordinal)];

    private static (Type GrainClass, string Name, IReadOnlySet<string> Follows) Describe(Type grainClass, Type projectionBase)
    {
        // The pure projection has a public parameterless constructor (the grain's own constraint): its Follows says which types.
        var definition = Activator.CreateInstance(projectionBase.GetGenericArguments()[0])!;
        var name = (string)definition.GetType().GetProperty(nameof(Projection<object>.Name))!.GetValue(definition)!;
        var follows = (IReadOnlyList<FollowedType>)definition.GetType().GetProperty(nameof(Projection<object>.Follows))!.GetValue(definition)!;
        return (grainClass, name, follows.Select(f => f.AggregateType).ToHashSet(StringComparer.Ordinal));
    }

    private static Type? ProjectionBase(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ProjectionGrain<,>))
            {
                return t;
            }
        }

        return null;
    }
}
