using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

/// <summary>What the registry finds after a crash or damage: torn tails are repaired, anything else is reported.</summary>
public sealed class StreamRegistryRecoveryTests : IDisposable
{
    private const string LineA = "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1}\n";
    private const string LineB = "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"b\"},\"ts\":2}\n";
    private const string LineC = "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"c\"},\"ts\":3}\n";

    private readonly StoreTempDirectory _temp = new();
    private readonly FixedTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(3));

    public void Dispose() => _temp.Dispose();

    private StorePaths Paths => new(_temp.Path);

    private void WriteRegistry(string content)
    {
        Directory.CreateDirectory(Paths.MetaDirectory);
        File.WriteAllText(Paths.RegistryPath, content);
    }

    private Task<StreamRegistry> Open(bool shared = false) =>
        StreamRegistry.OpenAsync(Paths, shared, _time, CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Torn_segment_without_lf_is_ignored_and_cut_before_the_next_append(bool shared)
    {
        WriteRegistry(LineA + LineB + "{\"type\":\"stream_cre");

        using var registry = await Open(shared);
        Assert.Equal(["a", "b"], registry.ListIds("order"));
        Assert.EndsWith("stream_cre", await File.ReadAllTextAsync(Paths.RegistryPath));

        Assert.True(await registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));

        Assert.Equal(LineA + LineB + LineC, await File.ReadAllTextAsync(Paths.RegistryPath));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Torn_tail_longer_than_the_next_line_leaves_no_residue(bool shared)
    {
        var torn = "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"" + new string('x', 180);
        WriteRegistry(LineA + torn);

        using (var registry = await Open(shared))
        {
            Assert.True(await registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));
        }

        Assert.Equal(LineA + LineC, await File.ReadAllTextAsync(Paths.RegistryPath));
        using var reopened = await Open(shared);
        Assert.Equal(["a", "c"], reopened.ListIds("order"));
    }

    [Fact]
    public async Task Long_torn_final_line_with_lf_leaves_no_residue()
    {
        WriteRegistry(LineA + new string('#', 300) + "\n");

        using (var registry = await Open())
        {
            Assert.True(await registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));
        }

        Assert.Equal(LineA + LineC, await File.ReadAllTextAsync(Paths.RegistryPath));
    }

    [Fact]
    public async Task Complete_json_without_its_lf_counts_as_torn()
    {
        WriteRegistry(LineA + LineB.TrimEnd('\n'));

        using var registry = await Open();

        Assert.Equal(["a"], registry.ListIds("order"));
        Assert.True(await registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));
        Assert.Equal(LineA + LineC, await File.ReadAllTextAsync(Paths.RegistryPath));
    }

    [Theory]
    [InlineData("{\"type\":\"stream_created\",\"da\n")]
    [InlineData("\0\0\0\0\0\0\n")]
    [InlineData("garbage\n")]
    public async Task Final_line_that_is_not_json_is_ignored_and_cut_before_the_next_append(string torn)
    {
        WriteRegistry(LineA + LineB + torn);

        using var registry = await Open();
        Assert.Equal(["a", "b"], registry.ListIds("order"));
        Assert.True(await registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));

        Assert.Equal(LineA + LineB + LineC, await File.ReadAllTextAsync(Paths.RegistryPath));
        using var reopened = await Open();
        Assert.Equal(["a", "b", "c"], reopened.ListIds("order"));
    }

    [Fact]
    public async Task Torn_tail_is_left_alone_until_an_append_needs_the_space()
    {
        WriteRegistry(LineA + "{\"ty");

        using (var registry = await Open())
        {
            Assert.Equal(["a"], registry.ListIds("order"));
        }

        Assert.Equal(LineA + "{\"ty", await File.ReadAllTextAsync(Paths.RegistryPath));
    }

    [Fact]
    public async Task Malformed_line_in_the_middle_is_corruption_with_file_and_offset()
    {
        WriteRegistry(LineA + "{\"type\":\"stream_cr\n" + LineB);

        var e = await Assert.ThrowsAsync<CorruptRegistryException>(() => Open());

        Assert.Equal(Paths.RegistryPath, e.Path);
        Assert.Equal(LineA.Length, e.Offset);
        Assert.Contains(Paths.RegistryPath, e.Message);
        Assert.Contains($"offset {LineA.Length}", e.Message);
    }

    [Fact]
    public async Task Torn_segment_after_a_malformed_line_is_still_corruption()
    {
        WriteRegistry(LineA + "garbage\n" + "{\"ty");

        var e = await Assert.ThrowsAsync<CorruptRegistryException>(() => Open());

        Assert.Equal(LineA.Length, e.Offset);
    }

    [Theory]
    [InlineData("{\"type\":\"stream_deleted\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1}\n", "stream_deleted")]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"Order\",\"id\":\"a\"},\"ts\":1}\n", "aggregate_type")]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"\"},\"ts\":1}\n", "data.id")]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":-1}\n", "ts")]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1.5}\n", "ts")]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"}}\n", "ts")]
    [InlineData("{\"type\":\"stream_created\",\"type\":\"x\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1}\n", "twice")]
    [InlineData("[1,2]\n", "object")]
    public async Task Complete_json_of_the_wrong_shape_is_corruption_even_as_the_last_line(string line, string reasonPart)
    {
        WriteRegistry(LineA + line);

        var e = await Assert.ThrowsAsync<CorruptRegistryException>(() => Open());

        Assert.Equal(LineA.Length, e.Offset);
        Assert.Contains(reasonPart, e.Reason);
        Assert.Equal(LineA + line, await File.ReadAllTextAsync(Paths.RegistryPath));
    }

    [Fact]
    public async Task Empty_lines_unknown_keys_and_duplicates_are_tolerated()
    {
        WriteRegistry(
            "\n" + LineA + "\n"
            + " {\"ts\":5,\"id\":\"evt\",\"data\":{\"id\":\"b\",\"x\":1,\"aggregate_type\":\"order\"},\"type\":\"stream_created\",\"meta\":null} \n"
            + LineA);

        using var registry = await Open();

        Assert.Equal(["a", "b"], registry.ListIds("order"));
        Assert.True(await registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));
        Assert.EndsWith(LineA + LineC, await File.ReadAllTextAsync(Paths.RegistryPath));
    }

    [Fact]
    public async Task Registry_that_shrank_under_a_shared_registry_is_reported()
    {
        using var registry = await Open(shared: true);
        await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None);
        await registry.EnsureRegisteredAsync("order", "b", CancellationToken.None);
        File.WriteAllText(Paths.RegistryPath, LineA);

        var e = await Assert.ThrowsAsync<CorruptRegistryException>(() => registry.EnsureRegisteredAsync("order", "c", CancellationToken.None));

        Assert.Contains("truncated or replaced", e.Reason);
    }
}
