using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

public sealed class ProjectionConfigurationTests
{
    [Fact]
    public async Task A_missing_subscription_or_a_second_key_fails_activation_with_a_clear_error()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, without: [typeof(TotalsV2Grain)]);

        var missing = await Assert.ThrowsAsync<ProjectionConfigurationException>(() => cluster.Client.GetProjection<IUnsubscribed>().GetStatusAsync());
        Assert.Contains(typeof(UnsubscribedGrain).FullName!, missing.Message);
        Assert.Contains("[ImplicitStreamSubscription(\"ledger\")]", missing.Message);

        var secondKey = await Assert.ThrowsAsync<ProjectionConfigurationException>(() => cluster.Client.GetGrain<ITotals>("other").GetStatusAsync());
        Assert.Contains("GetProjection", secondKey.Message);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "projections")));
    }
}
