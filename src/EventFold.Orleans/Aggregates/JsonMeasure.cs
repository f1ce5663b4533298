using System.Buffers;
using System.IO.Hashing;
using System.Text.Json;

namespace EventFold.Orleans.Aggregates;

/// <summary>
/// Serializes a value to JSON only to count (and optionally hash) its bytes: the JSON passes through one small reused
/// buffer and is never kept, so measuring a 60 MB event costs no 60 MB allocation.
/// </summary>
internal static class JsonMeasure
{
    /// <summary>The UTF-8 byte count of <paramref name="value"/>'s JSON.</summary>
    public static long Size(object value, JsonSerializerOptions options) => Write(value, options, hash: null);

    /// <summary>The summed JSON size of <paramref name="values"/>, counted only until it exceeds <paramref name="stopAbove"/>.</summary>
    public static long TotalSize(IEnumerable<object> values, JsonSerializerOptions options, long stopAbove)
    {
        long total = 0;
        foreach (var value in values)
        {
            total += Size(value, options);
            if (total > stopAbove)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Feeds <paramref name="value"/>'s JSON into <paramref name="hash"/>.</summary>
    public static void Hash(object value, JsonSerializerOptions options, NonCryptographicHashAlgorithm hash) => Write(value, options, hash);

    // One sink and writer per thread, reused: a fresh 16 KiB scratch per call was most of what a command allocated.
    [ThreadStatic]
    private static Sink? t_sink;

    private static long Write(object value, JsonSerializerOptions options, NonCryptographicHashAlgorithm? hash)
    {
        // Taken, not shared: a converter that measures while being measured gets a sink of its own.
        var sink = t_sink ?? new Sink();
        t_sink = null;
        try
        {
            return sink.Measure(value, options, hash);
        }
        finally
        {
            t_sink = sink;
        }
    }

    private sealed class Sink : IBufferWriter<byte>
    {
        private const int ScratchBytes = 16 * 1024;
        private byte[] _scratch = new byte[ScratchBytes];
        private Utf8JsonWriter? _writer;
        private NonCryptographicHashAlgorithm? _hash;
        private long _written;

        public long Measure(object value, JsonSerializerOptions options, NonCryptographicHashAlgorithm? hash)
        {
            (_hash, _written) = (hash, 0);
            var writer = _writer ??= new Utf8JsonWriter(this);
            writer.Reset(this);
            try
            {
                JsonSerializer.Serialize(writer, value, value.GetType(), options);
                writer.Flush();
                return _written;
            }
            finally
            {
                _hash = null;
                if (_scratch.Length > ScratchBytes)
                {
                    // A huge value's buffer is not kept alive for the thread's lifetime.
                    _scratch = new byte[ScratchBytes];
                }
            }
        }

        public void Advance(int count)
        {
            _hash?.Append(_scratch.AsSpan(0, count));
            _written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[sizeHint];
            }

            return _scratch;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
