using System.Collections.Concurrent;
using System.Reflection;

namespace EventFold.Orleans.Aggregates;

/// <summary>
/// Overrides the store's <c>EventFoldOptions.Durability</c> for every command of one aggregate type; put it on the
/// grain class (or on the aggregate class). A command's own <see cref="Commands.CommandContext.Durability"/> wins over it.
/// </summary>
/// <remarks>
/// <para><see cref="Durability.Durable"/>: a command is acknowledged after its events are on stable storage (flushed
/// together with every other command waiting at that moment: group commit). They survive a process crash and a power
/// loss.</para>
/// <para><see cref="Durability.Buffered"/>: a command is acknowledged once its events are written to the operating
/// system, without any flush. They survive a crash of the process (the OS holds them) but a power loss or OS crash may
/// lose the most recent ones (never a part of a command, never earlier events: a torn tail is cut off at the next
/// open). They become durable with the next flush of the same file (a later durable command of the stream) or when the
/// OS writes them back.</para>
/// </remarks>
/// <param name="durability">The aggregate's durability.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class AggregateDurabilityAttribute(Durability durability) : Attribute
{
    private static readonly ConcurrentDictionary<Type, Durability?> Cache = new();

    /// <summary>The aggregate's durability.</summary>
    public Durability Durability { get; } = durability;

    /// <summary>The durability set on <paramref name="type"/> (or a base class), or <see langword="null"/>.</summary>
    internal static Durability? Of(Type type) =>
        Cache.GetOrAdd(type, t => t.GetCustomAttribute<AggregateDurabilityAttribute>(inherit: true)?.Durability);
}
