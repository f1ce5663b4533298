using Xunit;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Tests.Hosting;

/// <summary>The notice stream's pulling agents follow <see cref="ProjectionOptions"/> (the period is the lag of stream-only notices).</summary>
public sealed class NoticePullingOptionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_notice_stream_polls_at_the_projection_default()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var services = cluster.GetSiloServiceProvider();

        var pulling = services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(ProjectionOptions.StreamProviderName);
        var queues = services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(ProjectionOptions.StreamProviderName);

        Assert.Equal(TimeSpan.FromMilliseconds(100), new ProjectionOptions().NoticePullingPeriod); // direct notices are the fast path
        Assert.Equal(new ProjectionOptions().NoticePullingPeriod, pulling.GetQueueMsgsTimerPeriod);
        Assert.Equal(new ProjectionOptions().NoticeQueues, queues.TotalQueueCount);
    }

    [Fact]
    public async Task Configured_pulling_period_and_queue_count_reach_the_notice_stream_provider()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, silo: s => s.Services.Configure<ProjectionOptions>(o =>
        {
            o.NoticePullingPeriod = TimeSpan.FromMilliseconds(7);
            o.NoticeQueues = 3;
        }));
        var services = cluster.GetSiloServiceProvider();

        var pulling = services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(ProjectionOptions.StreamProviderName);
        var queues = services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(ProjectionOptions.StreamProviderName);

        Assert.Equal(TimeSpan.FromMilliseconds(7), pulling.GetQueueMsgsTimerPeriod);
        Assert.Equal(3, queues.TotalQueueCount);
    }
}
