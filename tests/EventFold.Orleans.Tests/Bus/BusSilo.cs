using EventFold.Orleans.Bus;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>The silo's own <see cref="ICommandBus"/>, as grains and services inside the silo get it.</summary>
public static class BusSilo
{
    public static ICommandBus Bus(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredService<ICommandBus>();
}
