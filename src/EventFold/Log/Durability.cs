namespace EventFold;

/// <summary>When appended events reach stable storage.</summary>
public enum Durability
{
    /// <summary>Every append is flushed to disk (<c>fdatasync</c>) before it returns. The default, as in the Rust crate.</summary>
    Durable,

    /// <summary>
    /// Appends return after the write reaches the OS; call <see cref="EventWriter.Flush"/> to make them durable.
    /// Nothing is fsynced: no appended data and no directory entry (a new log's directories and <c>app.jsonl</c>).
    /// A process crash loses nothing acknowledged (the OS has the data). A power loss may lose recent events and a log
    /// created since the last flush, never corrupt earlier ones: a torn tail is repaired at the next open and a
    /// half-written line is never read as an event.
    /// </summary>
    Buffered,
}
