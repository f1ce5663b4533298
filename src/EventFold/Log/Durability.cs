namespace EventFold;

/// <summary>When appended events reach stable storage.</summary>
public enum Durability
{
    /// <summary>Every append is flushed to disk (<c>fdatasync</c>) before it returns. The default, as in the Rust crate.</summary>
    Durable,

    /// <summary>
    /// Appends return after the write reaches the OS; call <see cref="EventWriter.Flush"/> to make them durable.
    /// A power loss may lose acknowledged events, never corrupt earlier ones (a torn tail is repaired at the next open).
    /// </summary>
    Buffered,
}
