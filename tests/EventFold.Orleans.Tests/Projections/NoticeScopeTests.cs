using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>
/// Write notices go only to aggregate types a projection or process manager follows: a notice nobody subscribes to
/// would still cost every command a stream message (issue 10, the buffered write path).
/// </summary>
public sealed class NoticeScopeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Only_writes_of_followed_aggregate_types_publish_notices()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        using var followed = new EventCounter("eventfold.notices.published", "ledger");
        using var unfollowed = new EventCounter("eventfold.notices.published", "account");

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await cluster.Client.GetGrain<IAccountAggregate>($"a-{i}").Execute(new OpenAccount("ann"), CommandContext.None)).Succeeded);
            Assert.True((await cluster.Client.GetGrain<ILedgerAccount>($"l-{i}").Execute(new OpenAccount("ann"), CommandContext.None)).Succeeded);
        }

        Assert.Equal(5, followed.Total);
        Assert.Equal(0, unfollowed.Total);
    }
}
