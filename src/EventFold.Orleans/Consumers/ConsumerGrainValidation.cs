using System.Reflection;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Store;
using Orleans.Streams;

namespace EventFold.Orleans.Consumers;

/// <summary>The checks a projection or process manager grain makes on activation, each failing with an actionable message.</summary>
internal static class ConsumerGrainValidation
{
    /// <summary>Checks the name, the grain key, that something is followed and that every followed type has its stream subscription.</summary>
    /// <param name="kind">Projection or process manager.</param>
    /// <param name="grainClass">The grain class (its subscription attributes are checked).</param>
    /// <param name="definitionClass">The projection or process manager class (named in messages).</param>
    /// <param name="name">Its name.</param>
    /// <param name="follows">The types it follows.</param>
    /// <param name="key">The key the grain was activated with.</param>
    public static void Validate(ConsumerKind kind, Type grainClass, Type definitionClass, string name, IReadOnlyList<FollowedType>? follows, string key)
    {
        if (!AggregateTypeName.IsValid(name))
        {
            throw kind.ConfigurationError(
                $"The {kind.Noun} {definitionClass.FullName} has the name \"{name}\"; a {kind.Noun} name must match ^[a-z0-9][a-z0-9_-]{{0,63}}$ (it is a folder name).");
        }

        if (key != ProjectionGrainKey.Value)
        {
            throw kind.ConfigurationError(
                $"The {kind.Noun} grain {grainClass.FullName} was addressed with the key \"{key}\"; a {kind.Noun} has one activation, reach it with grainFactory.{kind.GetterName}<T>() (key \"{ProjectionGrainKey.Value}\").");
        }

        if (follows is not { Count: > 0 })
        {
            throw kind.ConfigurationError($"The {kind.Noun} {definitionClass.FullName} follows no aggregate type; list them in Follows.");
        }

        var subscribed = grainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().ToList();
        foreach (var followed in follows)
        {
            if (!subscribed.Any(a => a.Predicate.IsMatch(followed.AggregateType)))
            {
                throw kind.ConfigurationError(
                    $"The {kind.Noun} grain {grainClass.FullName} follows \"{followed.AggregateType}\" but lacks [ImplicitStreamSubscription(\"{followed.AggregateType}\")], so it would miss that type's write notices.");
            }
        }
    }
}
