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

    private static long Write(object value, JsonSerializerOptions options, NonCryptographicHashAlgorithm? hash)
    {
        var sink = new Sink(hash);
        using (var writer = new Utf8JsonWriter(sink))
        {
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
            writer.Flush();
        }

        return sink.Written;
    }

    /// <summary>Hands out one scratch buffer again and again; what is committed to it is counted and hashed, then dropped.</summary>
    private sealed class Sink(NonCryptographicHashAlgorithm? hash) : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[16 * 1024];

        public long Written { get; private set; }

        public void Advance(int count)
        {
            hash?.Append(_scratch.AsSpan(0, count));
            Written += count;
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
