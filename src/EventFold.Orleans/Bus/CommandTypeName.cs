using System.Collections.Concurrent;
using System.Reflection;
using EventFold.Orleans.Commands;

namespace EventFold.Orleans.Bus;

/// <summary>The stable name of a command class: its <see cref="CommandTypeAttribute"/> name, or its short class name.</summary>
public static class CommandTypeName
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    /// <summary>The stable name of <paramref name="commandClass"/>.</summary>
    /// <param name="commandClass">A concrete command class.</param>
    /// <returns>The <c>[CommandType]</c> name, or <see cref="MemberInfo.Name"/> when the class has none.</returns>
    public static string Of(Type commandClass)
    {
        ArgumentNullException.ThrowIfNull(commandClass);
        return Names.GetOrAdd(commandClass, static type => type.GetCustomAttribute<CommandTypeAttribute>()?.Name ?? type.Name);
    }
}
