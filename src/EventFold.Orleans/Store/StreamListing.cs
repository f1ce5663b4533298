using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Store;

/// <summary>
/// Keeps what the store lists in step with the stream directories: registry lines whose stream holds no events are
/// not listed, and stream directories holding events without a registry line are registered again at start.
/// </summary>
/// <remarks>Cheap by design: one directory listing per aggregate type at start, and file sizes of a stream only until it is seen holding events.</remarks>
internal sealed class StreamListing(StorePaths paths, ILogger logger)
{
    // Registered streams seen holding events; a stream never loses them, so each is probed on disk at most until then.
    private readonly ConcurrentDictionary<(string Type, string Id), byte> _withEvents = new();

    /// <summary>Whether a registered stream holds events (cached once seen: a stream never loses them).</summary>
    public bool HasEvents(string aggregateType, string id)
    {
        if (_withEvents.ContainsKey((aggregateType, id)))
        {
            return true;
        }

        if (!StreamIdEncoding.TryEncode(id, out _) || !StreamContents.HasEvents(paths.StreamDirectory(aggregateType, id)))
        {
            return false;
        }

        _withEvents.TryAdd((aggregateType, id), 0);
        return true;
    }

    /// <summary>Registers stream directories that hold events but have no registry line (one listing per type directory).</summary>
    public async Task RegisterUnlistedStreamsAsync(StreamRegistry registry, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.StreamsDirectory))
        {
            return;
        }

        foreach (var typeDirectory in Directory.EnumerateDirectories(paths.StreamsDirectory))
        {
            var aggregateType = Path.GetFileName(typeDirectory);
            if (!AggregateTypeName.IsValid(aggregateType))
            {
                StoreLog.NotAStreamDirectory(logger, typeDirectory);
                continue;
            }

            foreach (var streamDirectory in Directory.EnumerateDirectories(typeDirectory))
            {
                var name = Path.GetFileName(streamDirectory);
                if (!StreamIdEncoding.TryDecode(name, out var id) || StreamIdEncoding.Encode(id) != name)
                {
                    StoreLog.NotAStreamDirectory(logger, streamDirectory);
                    continue;
                }

                if (registry.IsRegistered(aggregateType, id) || !StreamContents.HasEvents(streamDirectory))
                {
                    continue;
                }

                if (registry.IsReadOnly)
                {
                    registry.RememberUnwritten(aggregateType, id);
                }
                else
                {
                    await registry.EnsureRegisteredAsync(aggregateType, id, cancellationToken).ConfigureAwait(false);
                }

                _withEvents.TryAdd((aggregateType, id), 0);
                StoreLog.Reregistered(logger, aggregateType, id, streamDirectory);
            }
        }
    }
}
