using System.Reflection;
using System.Text.Json;

namespace EventFold.Orleans.Hosting;

/// <summary>Settings of an EventFold store and of the aggregates kept in it.</summary>
public sealed class EventFoldOptions
{
    /// <summary>The name of the log-consistency provider that <c>AddEventFold</c> registers.</summary>
    public const string ProviderName = "EventFold";

    /// <summary>The store's base directory; it holds <c>streams/</c> and <c>meta/</c>. Required.</summary>
    public string BaseDirectory { get; set; } = "";

    /// <summary>Whether each command's events are flushed to disk before the command returns (the default) or left to the OS; overridable per aggregate type (<c>[AggregateDurability]</c>) and per command (<c>CommandContext.Durability</c>).</summary>
    /// <remarks>
    /// <para><see cref="Durability.Durable"/>: a command returns after its events are on disk, and every directory entry it
    /// relies on (stream directories, <c>app.jsonl</c>, registry lines) is durable too. Commands waiting at the same moment
    /// share the flush (group commit: one <c>fdatasync</c> for a single stream, one <c>syncfs</c> for several; on Linux a
    /// new stream costs 2 flushes, the registry line's and its first append's).</para>
    /// <para><see cref="Durability.Buffered"/> fsyncs nothing: no events, no new directories, no <c>app.jsonl</c>, no
    /// registry line (0 syncs for a new stream). After a process crash nothing
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

    /// <summary>How events and snapshots are written as JSON. Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase) with public fields included.</summary>
    /// <remarks>
    /// Orleans serializes the fields and properties marked <c>[Id(n)]</c>, so EventFold stores public fields too: options
    /// without <see cref="JsonSerializerOptions.IncludeFields"/> are copied with it switched on (the instance given is not
    /// changed). When the silo starts, every <c>[Id(n)]</c> member of the stored event and state types must round-trip
    /// through these options, or the start fails with an <see cref="UnstorableMemberException"/>.
    /// </remarks>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    /// <summary>Event classes registered by hand, on top of those found in the loaded assemblies and Orleans' application parts; set with <see cref="AddEventTypes"/>.</summary>
    /// <remarks>Needed only for classes whose assembly is loaded after the silo starts (e.g. plug-ins): a stored name with no class fails the aggregate's load.</remarks>
    public HashSet<Type> EventTypes { get; } = [];

    /// <summary>Assemblies whose event classes are registered by hand; set with <see cref="AddEventAssemblies"/>.</summary>
    public HashSet<Assembly> EventAssemblies { get; } = [];

    /// <summary>Registers event classes by hand (see <see cref="EventTypes"/>); a name used by two classes stops the silo start.</summary>
    /// <param name="types">Concrete event classes.</param>
    public EventFoldOptions AddEventTypes(params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        EventTypes.UnionWith(types);
        return this;
    }

    /// <summary>Registers the event classes of whole assemblies by hand (see <see cref="EventAssemblies"/>).</summary>
    /// <param name="assemblies">Assemblies that define event classes.</param>
    public EventFoldOptions AddEventAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        EventAssemblies.UnionWith(assemblies);
        return this;
    }

    /// <summary>Sets the idle timeout of one aggregate grain class.</summary>
    /// <typeparam name="TGrain">The grain class.</typeparam>
    /// <param name="timeout">How long an idle activation stays in memory.</param>
    public EventFoldOptions SetIdleTimeout<TGrain>(TimeSpan timeout)
        where TGrain : class
    {
        IdleTimeouts[typeof(TGrain)] = timeout;
        return this;
    }

    /// <summary>The most stream writers (each an open, locked <c>app.jsonl</c>) the store keeps open at once. Default 4,096.</summary>
    /// <remarks>
    /// <para>An aggregate keeps its stream's writer while it is active, and Orleans deactivates idle aggregates only after
    /// about 15 minutes, so without a cap many active aggregates would run the process out of file descriptors. At the
    /// cap, the least recently used writer that is idle (no append, group flush or rotation in flight, nothing written
    /// that still waits for its flush) is closed; its aggregate reopens it on its next append, which checks the log's
    /// tail, and its conditional append still detects anything that changed meanwhile.</para>
    /// <para>Writers in use are never closed: when every open writer is in use, the cap is exceeded (by at most the
    /// appends and rotations in flight) rather than making commands wait, and the excess is closed as they finish.</para>
    /// <para>Keep it well below the process's open-file limit (<c>ulimit -n</c>), which also covers sockets, snapshot
    /// and read handles. If the limit is reached anyway, idle writers are closed and the open is tried once more; a
    /// command that still cannot open its writer fails with <c>OpenFileLimitException</c> naming the limit.</para>
    /// </remarks>
    public int MaxOpenWriters { get; set; } = 4096;

    /// <summary>
    /// How long the store's flushing thread waits for the next durable append by yielding its core in a loop before it
    /// sleeps, while appends have been coming within that time. Default 300 µs; <see cref="TimeSpan.Zero"/> turns it
    /// off; at most 10 ms.
    /// </summary>
    /// <remarks>
    /// Waking a sleeping thread (on a virtual machine, its halted virtual CPU too) adds tens to hundreds of microseconds
    /// to each command of a caller that sends durable commands one after another. The spin spares most of it, at the
    /// cost of up to this much CPU after each flush while such a caller keeps the store busy. A sparse or idle store
    /// never spins. Turn it off where CPU matters more than the latency of sequential durable commands.
    /// </remarks>
    public TimeSpan GroupCommitSpin { get; set; } = TimeSpan.FromMicroseconds(300);

    /// <summary>The largest JSON size of the events one command may write; a bigger command is refused with
    /// <c>CommandTooLargeException</c> before anything is written. Default 16 MiB, well under Orleans' 100 MB message limit.</summary>
    public long MaxCommandBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The largest JSON size of the events a <c>CommandResult</c> echoes back; above it the result carries no events
    /// (<c>EventsOmitted</c> is set) so that it always fits in a grain response. Default 1 MiB; 0 never echoes events.</summary>
    public long MaxResultEventBytes { get; set; } = 1024 * 1024;
}
