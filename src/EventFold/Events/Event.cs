using System.Text.Json;

namespace EventFold;

/// <summary>One event: a type name, a JSON payload, a Unix timestamp in seconds and optional id, actor and metadata.</summary>
/// <remarks>
/// Immutable. <see cref="Data"/> and <see cref="Meta"/> hold raw UTF-8 JSON exactly as it is (or will be) stored; they
/// are never re-serialized, so reading a line and writing it again keeps the payload bytes. The line format is the
/// Rust eventfold crate's: compact JSON with keys <c>type</c>, <c>data</c>, <c>ts</c>, then <c>id</c>, <c>actor</c>,
/// <c>meta</c> when present.
/// </remarks>
public sealed class Event
{
    private static readonly JsonSerializerOptions ReaderDepthOptions = new() { MaxDepth = EventLine.MaxDepth };

    /// <summary>Creates an event from raw JSON payloads.</summary>
    /// <param name="type">The event type (JSON key <c>type</c>).</param>
    /// <param name="data">UTF-8 JSON text of any JSON value (object, array, string, number, bool or null).</param>
    /// <param name="ts">Whole seconds since the Unix epoch.</param>
    /// <param name="id">Optional event id; <see langword="null"/> omits the key.</param>
    /// <param name="actor">Optional actor; <see langword="null"/> omits the key.</param>
    /// <param name="meta">Optional UTF-8 JSON metadata; <see langword="null"/> omits the key.</param>
    /// <remarks>
    /// The JSON is validated (one value, valid UTF-8) and stored compact: insignificant whitespace and newlines are removed,
    /// everything else is kept byte for byte. The bytes are copied, so the caller may reuse its buffers.
    /// </remarks>
    /// <exception cref="ArgumentException">A payload is not a single valid JSON value.</exception>
    /// <exception cref="NonPortableJsonException">A payload is valid JSON that Rust eventfold readers cannot read (nesting, number range, lone surrogate).</exception>
    public Event(string type, ReadOnlyMemory<byte> data, ulong ts, string? id = null, string? actor = null, ReadOnlyMemory<byte>? meta = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Data = JsonText.ValidateCompact(data, nameof(data));
        Ts = ts;
        Id = id;
        Actor = actor;
        Meta = meta is { } m ? JsonText.ValidateCompact(m, nameof(meta)) : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>Creates an event from already validated stored bytes (parser and With* copies).</summary>
    private Event(string type, ReadOnlyMemory<byte> data, ulong ts, string? id, string? actor, ReadOnlyMemory<byte>? meta, bool trusted)
    {
        _ = trusted;
        Type = type;
        Data = data;
        Ts = ts;
        Id = id;
        Actor = actor;
        Meta = meta;
    }

    /// <summary>The event type.</summary>
    public string Type { get; }

    /// <summary>The payload as raw UTF-8 JSON, exactly as stored.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Whole seconds since the Unix epoch (UTC).</summary>
    public ulong Ts { get; }

    /// <summary>Optional event id.</summary>
    public string? Id { get; }

    /// <summary>Optional actor.</summary>
    public string? Actor { get; }

    /// <summary>Optional metadata as raw UTF-8 JSON, exactly as stored.</summary>
    public ReadOnlyMemory<byte>? Meta { get; }

    /// <summary>Creates an event stamped with the current time (whole Unix seconds).</summary>
    /// <param name="type">The event type.</param>
    /// <param name="data">The payload.</param>
    /// <param name="time">Clock to use; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The new event.</returns>
    public static Event Create(string type, JsonElement data, TimeProvider? time = null)
    {
        long seconds = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        if (seconds < 0)
        {
            throw new InvalidOperationException("The clock is before the Unix epoch.");
        }

        // The element's own UTF-8 text: re-serializing would apply System.Text.Json's escaping (non-ASCII as \uXXXX).
        return new Event(type, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(data).ToArray(), (ulong)seconds);
    }

    /// <summary>Parses one stored line (without its LF).</summary>
    /// <param name="line">The line bytes.</param>
    /// <returns>The event.</returns>
    /// <remarks>Any key order is accepted, unknown keys are ignored, <c>null</c> optionals are treated as absent.</remarks>
    /// <exception cref="FormatException">The line is not a valid event (bad JSON or UTF-8, missing or mistyped fields, duplicate keys).</exception>
    public static Event Parse(ReadOnlySpan<byte> line)
    {
        if (!EventLine.TryParse(line, out Event? e, out _, out string? error))
        {
            throw new FormatException(error);
        }

        return e;
    }

    /// <summary>Parses <see cref="Data"/> into a <see cref="JsonElement"/>.</summary>
    /// <returns>A standalone element (safe to keep).</returns>
    /// <remarks>Accepts the same nesting as the reader (System.Text.Json's default of 64 levels would refuse stored lines).</remarks>
    public JsonElement DataElement() => JsonSerializer.Deserialize<JsonElement>(Data.Span, ReaderDepthOptions);

    /// <summary>Parses <see cref="Meta"/> into a <see cref="JsonElement"/>.</summary>
    /// <returns>The element, or <see langword="null"/> when the event has no metadata.</returns>
    public JsonElement? MetaElement() => Meta is { } m ? JsonSerializer.Deserialize<JsonElement>(m.Span, ReaderDepthOptions) : null;

    /// <summary>Deserializes <see cref="Data"/> with System.Text.Json.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="options">Serializer options, or <see langword="null"/> for the defaults with the reader's nesting limit.</param>
    /// <returns>The deserialized payload.</returns>
    public T? DataAs<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Data.Span, options ?? ReaderDepthOptions);

    /// <summary>Returns a copy with another id.</summary>
    /// <param name="id">The new id, or <see langword="null"/> to remove it.</param>
    /// <returns>The copy.</returns>
    public Event WithId(string? id) => new(Type, Data, Ts, id, Actor, Meta, trusted: true);

    /// <summary>Returns a copy with another actor.</summary>
    /// <param name="actor">The new actor, or <see langword="null"/> to remove it.</param>
    /// <returns>The copy.</returns>
    public Event WithActor(string? actor) => new(Type, Data, Ts, Id, actor, Meta, trusted: true);

    /// <summary>Returns a copy with other metadata (validated and compacted like the constructor does).</summary>
    /// <param name="meta">UTF-8 JSON metadata, or <see langword="null"/> to remove it.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="NonPortableJsonException">The metadata is valid JSON that Rust eventfold readers cannot read.</exception>
    public Event WithMeta(ReadOnlyMemory<byte>? meta) =>
        new(Type, Data, Ts, Id, Actor, meta is { } m ? JsonText.ValidateCompact(m, nameof(meta)) : (ReadOnlyMemory<byte>?)null, trusted: true);

    /// <summary>Serializes the event to its stored line: compact JSON, without the terminating LF.</summary>
    /// <returns>The UTF-8 line bytes.</returns>
    /// <exception cref="ArgumentException">A string field contains an unpaired surrogate.</exception>
    public byte[] ToLine()
    {
        var buffer = new ByteBuffer(64 + Data.Length + (Meta?.Length ?? 0));
        EventLine.Write(buffer, this, batchRest: 0);
        return buffer.Span.ToArray();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(ToLine());
        }
        catch (ArgumentException)
        {
            return $"{{type {Type}, ts {Ts}: not serializable}}";
        }
    }

    internal static Event FromStored(string type, ReadOnlyMemory<byte> data, ulong ts, string? id, string? actor, ReadOnlyMemory<byte>? meta) =>
        new(type, data, ts, id, actor, meta, trusted: true);
}
