namespace EventFold;

/// <summary>
/// Atomic batches: every line of a multi-event batch except the last ends with the top-level key
/// <c>"batch_rest":N</c> (N = lines still to come), which the Rust crate ignores as an unknown key.
/// </summary>
/// <remarks>
/// Readers of this library yield a batch's lines only once a line without the marker completes it; a trailing run of
/// marked lines is a torn batch, never yielded and removed by the writer at open. Single appends carry no marker.
/// </remarks>
internal static class BatchFraming
{
    /// <summary>
    /// Serializes <paramref name="events"/> as one write (each line LF-terminated) into <paramref name="buffer"/>
    /// and returns the hash of the last line.
    /// </summary>
    internal static string Encode(ByteBuffer buffer, IReadOnlyList<Event> events)
    {
        buffer.Clear();
        return EncodeAppend(buffer, events);
    }

    /// <summary>Refuses a group of batches that writes nothing or holds an empty batch (each batch must frame at least one line).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batches"/> is null.</exception>
    /// <exception cref="ArgumentException">There is no batch, or a batch holds no event.</exception>
    internal static void ThrowIfAnyEmpty(IReadOnlyList<IReadOnlyList<Event>> batches, string paramName)
    {
        ArgumentNullException.ThrowIfNull(batches, paramName);
        if (batches.Count == 0)
        {
            throw new ArgumentException("At least one batch is needed.", paramName);
        }

        for (int i = 0; i < batches.Count; i++)
        {
            if (batches[i] is not { Count: > 0 })
            {
                throw new ArgumentException($"Batch {i} holds no event.", paramName);
            }
        }
    }

    /// <summary>Like <see cref="Encode"/>, but appends to what <paramref name="buffer"/> already holds (several batches, one write).</summary>
    internal static string EncodeAppend(ByteBuffer buffer, IReadOnlyList<Event> events)
    {
        int lastStart = buffer.Length;
        for (int i = 0; i < events.Count; i++)
        {
            Event e = events[i] ?? throw new ArgumentNullException(nameof(events), $"events[{i}] is null");
            lastStart = buffer.Length;
            EventLine.Write(buffer, e, batchRest: events.Count - 1 - i);
            buffer.Append((byte)'\n');
        }

        if (events.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one event", nameof(events));
        }

        return LineHash.Compute(buffer.Span[lastStart..^1]);
    }

    /// <summary>True when <paramref name="line"/> parses and carries a positive <c>batch_rest</c>.</summary>
    internal static bool IsUnfinishedBatchLine(ReadOnlySpan<byte> line) =>
        EventLine.TryParse(line, out _, out int rest, out _) && rest > 0;
}
