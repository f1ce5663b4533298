using EventFold.Cli.Tests.Domain;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using Xunit;

namespace EventFold.Cli.Tests.Support;

/// <summary>
/// A store written once per test class by a real silo: visitors "v-1" and "v-2" ask to pass the always-closed gate "g-1",
/// so the "gatekeeper" process manager holds two unresolved dead letters and a checkpoint. Tests work on copies.
/// </summary>
public sealed class DeadLetterStore : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public string Path => System.IO.Path.Combine(_dir.Path, "store");

    public string ManagerDirectory(string store) => System.IO.Path.Combine(store, "process-managers", "gatekeeper");

    public string LettersFile(string store) => System.IO.Path.Combine(ManagerDirectory(store), "dead-letters.jsonl");

    public async Task InitializeAsync()
    {
        var cluster = await RuntimeStore.StartAsync(Path);
        try
        {
            foreach (var visitor in new[] { "v-1", "v-2" })
            {
                await cluster.Client.GetGrain<IVisitor>(visitor).Execute(new AskToPass("g-1"), CommandContext.None);
            }

            var keeper = cluster.Client.GetProcessManager<IGatekeeper>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await keeper.GetDeadLettersAsync()).Count < 2)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the gatekeeper did not write its two dead letters");
                }

                await Task.Delay(20);
            }

            await keeper.CheckpointAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>A private copy of the store for one test to change.</summary>
    public string CopyTo(TempDir target)
    {
        var destination = System.IO.Path.Combine(target.Path, "store");
        RuntimeStore.CopyTree(Path, destination);
        return destination;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
