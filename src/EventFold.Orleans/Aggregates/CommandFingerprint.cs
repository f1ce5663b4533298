using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace EventFold.Orleans.Aggregates;

/// <summary>
/// What identifies a command beside its id: a hash of its type's full name and of its JSON. Written into each event's
/// <c>meta.command_hash</c>, so a resent command (same id, same fingerprint) is told from another command reusing the id,
/// also after a restart.
/// </summary>
/// <remarks>
/// The JSON uses the store's options with fields included. Collections are hashed in their enumeration order: a command
/// rebuilt with a dictionary filled in another order is another command. A command that cannot be written as JSON is
/// fingerprinted by its type alone.
/// </remarks>
internal static class CommandFingerprint
{
    /// <summary>The fingerprint of <paramref name="command"/>: 32 lowercase hex digits.</summary>
    public static string Of(object command, JsonSerializerOptions options)
    {
        var type = command.GetType();
        // One hasher per thread, reset per use (taken, so a converter fingerprinting meanwhile gets its own).
        var hash = t_hash ?? new XxHash128();
        t_hash = null;
        try
        {
            hash.Reset();
            hash.Append(TypeNames.GetOrAdd(type, static t => Encoding.UTF8.GetBytes(t.FullName ?? t.Name)));
            hash.Append([0]);
            try
            {
                JsonMeasure.Hash(command, options, hash);
            }
            catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
            {
                // Deterministic for the type: the same command type always fails the same way.
                hash.Reset();
                hash.Append(Encoding.UTF8.GetBytes("type-only:" + (type.FullName ?? type.Name)));
            }

            Span<byte> digest = stackalloc byte[16];
            hash.GetCurrentHash(digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            t_hash = hash;
        }
    }

    [ThreadStatic]
    private static XxHash128? t_hash;

    // A type's full name as UTF-8, computed once per command type.
    private static readonly ConcurrentDictionary<Type, byte[]> TypeNames = new();
}
