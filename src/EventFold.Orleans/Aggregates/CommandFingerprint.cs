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
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(type.FullName ?? type.Name));
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

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
