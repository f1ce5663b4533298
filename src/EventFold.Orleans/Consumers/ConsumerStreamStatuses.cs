using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;

namespace EventFold.Orleans.Consumers;

/// <summary>The per-stream lines of a consumer's status: every stream that lags behind its end or fails.</summary>
internal static class ConsumerStreamStatuses
{
    /// <summary>
    /// Lists the streams (listed by the registry, with a cursor, or failing) that are not at their end or fail; a lag of -1
    /// means the stream was rewritten.
    /// </summary>
    /// <remarks>
    /// The cursors are taken on the grain's scheduler, the files are read on the thread pool: the lag of every stream costs
    /// file reads (seconds with tens of thousands of streams), and a process manager answers its status interleaved with
    /// its reading, which must not stop meanwhile. The lines are as of the moment the cursors were taken.
    /// </remarks>
    public static async Task<List<ProjectionStreamStatus>> OfAsync<TState>(StreamConsumer<TState> consumer)
    {
        var cursors = consumer.Cursors.Keys.Select(key => Snapshot(consumer.Cursors, key)).ToList();
        var source = consumer.Source;
        var listed = consumer.Definition.Follows.Select(f => f.AggregateType).ToList();
        return await Task.Run(() => Read(source, listed, cursors)).ConfigureAwait(true);
    }

    private static (StreamKey Key, StreamCursor Cursor, string? Error, int Attempts, bool Stopped) Snapshot(StreamCursors cursors, StreamKey key) =>
        cursors.HealthOf(key) is { } health ? (key, cursors.Of(key), health.Error, health.Attempts, health.Stopped) : (key, cursors.Of(key), null, 0, false);

    private static List<ProjectionStreamStatus> Read(
        IStreamSource source, List<string> followedTypes, List<(StreamKey Key, StreamCursor Cursor, string? Error, int Attempts, bool Stopped)> known)
    {
        var byKey = known.ToDictionary(k => k.Key);
        var keys = followedTypes.SelectMany(type => source.ListStreams(type).Select(id => new StreamKey(type, id))).Union(known.Select(k => k.Key));
        var streams = new List<ProjectionStreamStatus>();
        foreach (var key in keys)
        {
            var (_, cursor, error, attempts, stopped) = byKey.TryGetValue(key, out var held) ? held : (key, StreamCursor.Start, null, 0, false);
            long lag = 0;
            if (!source.IsAtEnd(key.AggregateType, key.Id, cursor))
            {
                try
                {
                    lag = source.Read(key.AggregateType, key.Id, cursor).LongCount();
                }
                catch (StreamDivergedException)
                {
                    lag = -1;
                }
            }

            if (lag != 0 || error is not null)
            {
                streams.Add(new ProjectionStreamStatus(key.AggregateType, key.Id, cursor.Version, lag, error, attempts, stopped));
            }
        }

        return streams;
    }
}
