namespace EventFold;

/// <summary>A growable byte array used to build one write (a line or a whole batch) before a single write call.</summary>
internal sealed class ByteBuffer
{
    private byte[] _buffer;

    public ByteBuffer(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Empties the buffer and drops storage above <paramref name="maxRetained"/> bytes (after one huge batch).</summary>
    public void Reset(int maxRetained)
    {
        Length = 0;
        if (_buffer.Length > maxRetained)
        {
            _buffer = new byte[maxRetained];
        }
    }

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void AppendDecimal(ulong value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(Length), out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
