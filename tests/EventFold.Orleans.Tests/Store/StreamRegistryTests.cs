using System.Text;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class StreamRegistryTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1764140000);
    private readonly StoreTempDirectory _temp = new();
    private readonly FixedTimeProvider _time = new(Now);

    public void Dispose() => _temp.Dispose();

    private StorePaths Paths => new(_temp.Path);

    private Task<StreamRegistry> Open(bool shared = false) =>
        StreamRegistry.OpenAsync(Paths, shared, _time, CancellationToken.None);

    [Fact]
    public async Task Opening_a_new_store_creates_an_empty_registry()
    {
        using var registry = await Open();

        Assert.True(File.Exists(Paths.RegistryPath));
        Assert.Equal(0, new FileInfo(Paths.RegistryPath).Length);
        Assert.Empty(registry.ListAggregateTypes());
        Assert.Empty(registry.ListIds("order"));
        Assert.Equal(Paths.RegistryPath, registry.FilePath);
    }

    [Fact]
    public async Task First_registration_writes_one_eventfold_line_and_later_ones_nothing()
    {
        using var registry = await Open();

        Assert.True(await registry.EnsureRegisteredAsync("order", "ord-42", CancellationToken.None));
        _time.Now = Now.AddHours(1);
        Assert.False(await registry.EnsureRegisteredAsync("order", "ord-42", CancellationToken.None));

        Assert.Equal(
            "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"ord-42\"},\"ts\":1764140000}\n",
            await File.ReadAllTextAsync(Paths.RegistryPath));
        Assert.True(registry.IsRegistered("order", "ord-42"));
        Assert.False(registry.IsRegistered("order", "ord-43"));
    }

    [Fact]
    public async Task Listing_is_in_creation_order_per_type_and_survives_reopening()
    {
        using (var registry = await Open())
        {
            foreach (var (type, id) in new[] { ("order", "b"), ("bank-account", "z"), ("order", "a"), ("order", "b"), ("order", "c") })
            {
                await registry.EnsureRegisteredAsync(type, id, CancellationToken.None);
            }

            Assert.Equal(["b", "a", "c"], registry.ListIds("order"));
            Assert.Equal(["order", "bank-account"], registry.ListAggregateTypes());
        }

        using var reopened = await Open();
        Assert.Equal(["b", "a", "c"], reopened.ListIds("order"));
        Assert.Equal(["z"], reopened.ListIds("bank-account"));
        Assert.Equal(["order", "bank-account"], reopened.ListAggregateTypes());
        Assert.False(await reopened.EnsureRegisteredAsync("order", "a", CancellationToken.None));
        Assert.Equal(4, File.ReadAllLines(Paths.RegistryPath).Length);
    }

    [Theory]
    [InlineData("日本-😀")]
    [InlineData("quote\"back\\slash")]
    [InlineData("ctl\u0001\n\t")]
    [InlineData("..")]
    [InlineData("<script>&'")]
    public async Task Any_storable_id_round_trips_through_the_file(string id)
    {
        using (var registry = await Open())
        {
            Assert.True(await registry.EnsureRegisteredAsync("order", id, CancellationToken.None));
        }

        var text = await File.ReadAllTextAsync(Paths.RegistryPath, Encoding.UTF8);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var reopened = await Open();
        Assert.Equal([id], reopened.ListIds("order"));
    }

    [Fact]
    public async Task Non_ascii_is_written_as_raw_utf8_like_eventfold()
    {
        using var registry = await Open();
        await registry.EnsureRegisteredAsync("order", "é😀", CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Paths.RegistryPath);
        Assert.Contains("\"id\":\"é😀\"", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_stream_write_one_line()
    {
        using var registry = await Open();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ =>
            Task.Run(() => registry.EnsureRegisteredAsync("order", "same", CancellationToken.None))));

        Assert.Single(results, r => r);
        Assert.Single(File.ReadAllLines(Paths.RegistryPath));
        Assert.Equal(["same"], registry.ListIds("order"));
    }

    [Fact]
    public async Task Concurrent_registrations_of_many_streams_write_each_once()
    {
        using var registry = await Open();
        var ids = Enumerable.Range(0, 200).Select(i => $"id-{i % 100}").ToArray();

        var results = await Task.WhenAll(ids.Select(id =>
            Task.Run(() => registry.EnsureRegisteredAsync("order", id, CancellationToken.None))));

        Assert.Equal(100, results.Count(r => r));
        Assert.Equal(100, File.ReadAllLines(Paths.RegistryPath).Length);
        Assert.Equal(ids.Distinct().Order(), registry.ListIds("order").Order());
        using var reopened = await Open();
        Assert.Equal(registry.ListIds("order"), reopened.ListIds("order"));
    }

    [Fact]
    public async Task Invalid_arguments_are_rejected_before_anything_is_written()
    {
        using var registry = await Open();

        await Assert.ThrowsAsync<InvalidAggregateTypeException>(() => registry.EnsureRegisteredAsync("Order", "x", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidStreamIdException>(() => registry.EnsureRegisteredAsync("order", "", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidStreamIdException>(() => registry.EnsureRegisteredAsync("order", new string('x', 10_000), CancellationToken.None));
        Assert.Throws<InvalidAggregateTypeException>(() => registry.ListIds("../x"));

        Assert.Equal(0, new FileInfo(Paths.RegistryPath).Length);
    }

    [Fact]
    public async Task Registry_file_stays_readable_by_other_readers_while_open()
    {
        using var registry = await Open();
        await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None);

        Assert.Single(File.ReadAllLines(Paths.RegistryPath));
    }

    [Fact]
    public async Task Cancelled_registration_writes_nothing()
    {
        using var registry = await Open();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => registry.EnsureRegisteredAsync("order", "a", cts.Token));

        Assert.Equal(0, new FileInfo(Paths.RegistryPath).Length);
        Assert.False(registry.IsRegistered("order", "a"));
    }

    [Fact]
    public async Task Disposed_registry_refuses_to_append()
    {
        var registry = await Open();
        registry.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
    }

    [Fact]
    public async Task Negative_clock_is_written_as_zero()
    {
        _time.Now = DateTimeOffset.FromUnixTimeSeconds(-5);
        using var registry = await Open();

        await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None);

        Assert.EndsWith(",\"ts\":0}\n", await File.ReadAllTextAsync(Paths.RegistryPath));
    }
}
