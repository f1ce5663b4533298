using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>Mistakes in a process manager's setup give a typed error that names the class and the fix.</summary>
public sealed class ProcessManagerConfigurationTests : SiloTest
{
    [Fact]
    public async Task A_grain_without_the_followed_types_subscription_is_refused_with_the_attribute_to_add()
    {
        var error = await Assert.ThrowsAsync<ProcessManagerConfigurationException>(() => Cluster.Client.GetProcessManager<IUnsubscribedManager>().GetStatusAsync());
        Assert.Contains(nameof(UnsubscribedManagerGrain), error.Message);
        Assert.Contains("[ImplicitStreamSubscription(\"saga-visitor\")]", error.Message);
    }

    [Fact]
    public async Task A_name_that_is_not_a_folder_name_is_refused_and_so_is_another_key()
    {
        var error = await Assert.ThrowsAsync<ProcessManagerConfigurationException>(() => Cluster.Client.GetProcessManager<IBadlyNamed>().GetStatusAsync());
        Assert.Contains("\"Bad Name\"", error.Message);
        Assert.Contains(nameof(BadlyNamed), error.Message);

        var key = await Assert.ThrowsAsync<ProcessManagerConfigurationException>(() => Cluster.Client.GetGrain<IGatekeeper>("other").GetStatusAsync());
        Assert.Contains("GetProcessManager", key.Message);
    }
}
