namespace EventFold;

/// <summary>
/// A payload is valid JSON but a Rust eventfold reader (serde_json) would stop at its line: nested deeper than
/// <see cref="MaxPortableDepth"/> levels, a number outside the f64 range (such as <c>1e400</c>), or a string with an
/// unpaired surrogate escape (such as <c>"\ud800"</c>).
/// </summary>
/// <remarks>
/// Thrown when an event is built (its constructor, <see cref="Event.WithMeta"/>) or by <see cref="JsonEscaping.ToSerde"/>,
/// so nothing is written. Reading stays lenient: lines other writers produced with such payloads still load.
/// </remarks>
public sealed class NonPortableJsonException : ArgumentException
{
    /// <summary>Deepest nesting of arrays and objects a payload may have: serde_json stops at 128 levels, the event line itself is one of them, and one is kept for the reader's own bookkeeping.</summary>
    public const int MaxPortableDepth = 126;

    /// <summary>Creates the error.</summary>
    /// <param name="reason">What is not portable, for the message.</param>
    /// <param name="byteOffset">Byte offset of the offending token in the payload.</param>
    /// <param name="paramName">The payload parameter (<c>data</c> or <c>meta</c>).</param>
    public NonPortableJsonException(string reason, long byteOffset, string? paramName)
        : base($"The JSON payload cannot be read by Rust eventfold readers: {reason} at byte {byteOffset} of the payload. Change the value (or its serialization); nothing was written.", paramName)
    {
        Reason = reason;
        ByteOffset = byteOffset;
    }

    /// <summary>What is not portable.</summary>
    public string Reason { get; }

    /// <summary>Byte offset of the offending token in the payload.</summary>
    public long ByteOffset { get; }
}
