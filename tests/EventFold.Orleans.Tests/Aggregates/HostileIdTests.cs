using Xunit;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

public sealed class HostileIdTests : SiloTest
{

    public static TheoryData<string> StorableIds =>
    [
        "..", ".", "a/b", "../../etc/passwd", "C:\\x", "NUL", "con", "nul.txt", "\u0001\u0002\t\n", "~", "%2e%2e", "é😀", "a\\..\\b",
    ];

    [Theory]
    [MemberData(nameof(StorableIds))]
    public async Task Hostile_ids_are_stored_inside_their_type_folder(string id)
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>(id);
        await account.Execute(new OpenAccount(id), CommandContext.None);

        var typeFolder = Path.Combine(Dir.Path, "streams", "account") + Path.DirectorySeparatorChar;
        var directory = Path.GetFullPath(Cluster.Directory("account", id));
        Assert.StartsWith(typeFolder, directory, StringComparison.Ordinal);
        Assert.Equal(typeFolder.TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(directory));
        Assert.Equal(id, StreamIdEncoding.Decode(Path.GetFileName(directory)));
        Assert.Single(StreamFiles.ReadAll(directory));
        Assert.Contains(id, Cluster.Store().ListIds("account"));
        Assert.Equal(id, (await account.GetState()).Owner);
    }

    [Fact]
    public async Task An_id_too_long_to_store_is_rejected_with_a_typed_error()
    {
        var id = new string('x', 10_000);
        var account = Cluster.Client.GetGrain<IAccountAggregate>(id);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => account.Execute(new OpenAccount("long"), CommandContext.None));

        Assert.True(Unwrap(error).OfType<InvalidStreamIdException>().Any(), error.ToString());
        var streams = Path.Combine(Dir.Path, "streams");
        var created = Directory.Exists(streams) ? Directory.GetDirectories(streams).SelectMany(Directory.GetDirectories) : [];
        Assert.DoesNotContain(created, d => d.Contains("xxxxxxxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ids_Orleans_cannot_carry_faithfully_are_refused_and_say_why()
    {
        // Orleans turns an unpaired surrogate into U+FFFD before the grain sees the id: all of these would share one stream.
        // (Not theory data: xunit cannot carry unpaired surrogates either.)
        foreach (var id in new[] { "\uFFFD", "\uD800", "\uDBFF", "a\uDC00b", "x\uFFFDy" })
        {
            var account = Cluster.Client.GetGrain<IAccountAggregate>(id);

            var error = await Assert.ThrowsAnyAsync<Exception>(() => account.Execute(new OpenAccount("sur"), CommandContext.None));

            var invalid = Unwrap(error).OfType<InvalidStreamIdException>().FirstOrDefault();
            Assert.True(invalid is not null, error.ToString());
            Assert.Contains("U+FFFD", invalid.Message, StringComparison.Ordinal);
            Assert.Contains("Orleans", invalid.Message, StringComparison.Ordinal);
        }

        // Plain journaled grains get their ids through the same provider.
        var tally = await Assert.ThrowsAnyAsync<Exception>(() => Cluster.Client.GetGrain<ITallyGrain>("\uD800").Add(1));
        Assert.True(Unwrap(tally).OfType<InvalidStreamIdException>().Any(), tally.ToString());

        Assert.Empty(Cluster.Store().ListIds("account"));
        Assert.False(Directory.Exists(Path.Combine(Dir.Path, "streams", "account")));
    }

    [Fact]
    public async Task A_stream_stored_under_a_U_FFFD_id_before_the_refusal_still_loads()
    {
        const string id = "old\uFFFD";
        using var dir = new TempDirectory();
        await using (var before = await TestSilo.StartAsync(dir.Path))
        {
            using var lease = await before.Store().OpenWriterAsync("account", id, CancellationToken.None);
            lease.Use(w => w.Append(new Event("account-opened", "{\"owner\":\"old\"}"u8.ToArray(), 1)));
        }

        await using var restarted = await TestSilo.StartAsync(dir.Path);

        Assert.Equal([id], restarted.Store().ListIds("account"));
        var account = restarted.Client.GetGrain<IAccountAggregate>(id);
        Assert.Equal("old", (await account.GetState()).Owner);
        Assert.Equal(2, (await account.Execute(new Deposit(1), CommandContext.None)).Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Empty_and_blank_ids_are_refused_before_any_call(string id)
    {
        // Orleans itself refuses them; the store's encoding would too (see StreamIdEncodingTests).
        Assert.ThrowsAny<ArgumentException>(() => Cluster.Client.GetGrain<IAccountAggregate>(id));
        Assert.False(Directory.Exists(Path.Combine(Dir.Path, "streams", "account")));
    }

    private static IEnumerable<Exception> Unwrap(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Unwrap))
                {
                    yield return inner;
                }
            }
        }
    }
}
