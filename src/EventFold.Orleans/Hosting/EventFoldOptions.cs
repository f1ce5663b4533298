using System.Text.Json;

namespace EventFold.Orleans.Hosting;

/// <summary>Settings of an EventFold store and of the aggregates kept in it.</summary>
public sealed class EventFoldOptions
{
    /// <summary>The name of the log-consistency provider that <c>AddEventFold</c> registers.</summary>
    public const string ProviderName = "EventFold";

    /// <summary>The store's base directory; it holds <c>streams/</c> and <c>meta/</c>. Required.</summary>
    public string BaseDirectory { get; set; } = "";

    /// <summary>Whether each command's events are flushed to disk before the command returns (the default) or left to the OS.</summary>
    /// <remarks>
    /// <para><see cref="Durability.Durable"/>: a command returns after its events are on disk (<c>fdatasync</c>), and
    /// every directory entry it relies on (stream directories, <c>app.jsonl</c>, registry lines) is fsynced.</para>
    /// <para><see cref="Durability.Buffered"/> fsyncs nothing: no events, no new directories, no <c>app.jsonl</c>, no
    /// registry line (0 syncs for a new stream, against 8 in <c>Durable</c>, the append included). After a process crash nothing
    /// acknowledged is lost (the OS holds the data). After a power loss recent events, new streams and registry lines
    /// may be lost; a torn or half-written line is never accepted (it is cut off when the stream is next written),
    /// earlier events are never damaged, and streams whose registry line was lost are registered again at start.</para>
    /// </remarks>
    public Durability Durability { get; set; } = Durability.Durable;

    /// <summary>Save an aggregate's snapshot after this many new events; 0 turns count-based snapshots off. Default 1,000.</summary>
    public int SnapshotEveryEvents { get; set; } = 1000;

    /// <summary>Save an aggregate's snapshot when it is deactivated and has unsnapshotted events. Default on.</summary>
    public bool SnapshotOnDeactivation { get; set; } = true;

    /// <summary>Archive a stream's active log (to <c>archive.jsonl.zst</c>) once it reaches this many bytes; 0 turns rotation off. Default 16 MiB.</summary>
    public long MaxActiveLogBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How many recent command ids each aggregate remembers to make commands idempotent. Default 1,000; 0 turns deduplication off.</summary>
    public int IdempotencyWindow { get; set; } = 1000;

    /// <summary>How often a command is decided again after a concurrent append moved the stream. Default 3.</summary>
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>How long an idle aggregate stays in memory before Orleans deactivates it; <see langword="null"/> keeps Orleans' setting.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>Idle timeouts for single grain classes, overriding <see cref="IdleTimeout"/>; set with <see cref="SetIdleTimeout{TGrain}"/>.</summary>
    public Dictionary<Type, TimeSpan> IdleTimeouts { get; } = [];

    /// <summary>Let the silos of one cluster on one host share the store directory (no store-wide lock; per-stream writer locks and a locked registry keep writes safe).</summary>
    public bool SharedByClusterSilos { get; set; }

    /// <summary>Open the store for reads only: nothing is created, locked or written, so a read-only directory (or one another process owns) can be inspected; writes throw <c>StoreReadOnlyException</c>. Default off.</summary>
    /// <remarks>Also turns snapshot saving and rotation off (<see cref="SnapshotOnDeactivation"/>, <see cref="SnapshotEveryEvents"/> and <see cref="MaxActiveLogBytes"/> are set to off when the store is created).</remarks>
    public bool ReadOnly { get; set; }

    /// <summary>How events and snapshots are written as JSON. Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase).</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>Sets the idle timeout of one aggregate grain class.</summary>
    /// <typeparam name="TGrain">The grain class.</typeparam>
    /// <param name="timeout">How long an idle activation stays in memory.</param>
    public EventFoldOptions SetIdleTimeout<TGrain>(TimeSpan timeout)
        where TGrain : class
    {
        IdleTimeouts[typeof(TGrain)] = timeout;
        return this;
    }
}
