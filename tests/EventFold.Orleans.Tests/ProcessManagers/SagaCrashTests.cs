using System.Globalization;
using System.Text;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Crash;
using EventFold.Orleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>
/// A child process (tests/EventFold.CrashHost with EVENTFOLD_CRASHHOST_SAGAS=1) places orders forever while the crash saga
/// reserves stock and confirms or cancels them; it is killed with SIGKILL mid-load, repeatedly, and restarted on the same
/// directory. At the end, with the load stopped, every saga must have completed (each order confirmed or cancelled, no dead
/// letter), and the files must show every saga command applied exactly once: two events per order, one reservation event
/// per order, no command id twice.
/// </summary>
public sealed class SagaCrashTests(ITestOutputHelper output)
{
    private const int Skus = 4;
    private const int Concurrency = 4;
    private const int Kills = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> SagaMode = new() { ["EVENTFOLD_CRASHHOST_SAGAS"] = "1" };

    [Fact]
    public async Task Sagas_sigkilled_mid_load_all_complete_after_restarts_with_every_command_applied_once()
    {
        var seed = Random.Shared.Next(1, int.MaxValue);
        var random = new Random(seed);
        var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "store");
        var summary = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"saga crash test seed {seed}, store {store}");
        var acked = new HashSet<string>(StringComparer.Ordinal);
        var passed = false;
        try
        {
            for (var round = 1; round <= Kills + 1; round++)
            {
                await using var host = await StartAsync(store, round, random.Next(1, int.MaxValue));
                await host.WaitFirstAckAsync(Timeout);
                await Task.Delay(random.Next(300, 1500));
                string? final = null;
                if (round > Kills)
                {
                    await host.RequestAsync("STOP", "STOPPED", Timeout);
                    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
                    do
                    {
                        final = await host.RequestAsync("SAGAS", "PROJECTION sagas ", Timeout);
                    }
                    while (!final.EndsWith(" 0 0", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Delay());
                }

                await host.KillAsync();
                Assert.True(host.Errors.Count == 0, $"the host reported errors: {string.Join(" | ", host.Errors.Take(10))}{Environment.NewLine}{summary}{host.Diagnostics()}");
                acked.UnionWith(host.Acks.Select(a => a.Aggregate));
                summary.AppendLine(CultureInfo.InvariantCulture, $"round {round}: {host.Acks.Count} orders placed{(final is null ? ", killed" : $", final: {final}")}");
                if (final is not null)
                {
                    var parts = final["PROJECTION ".Length..].Split(' ');
                    Assert.True(parts[2] == "0", $"{parts[2]} of {parts[1]} sagas never completed{Environment.NewLine}{summary}");
                    Assert.True(parts[3] == "0", $"{parts[3]} dead letters{Environment.NewLine}{summary}");
                    Assert.True(int.Parse(parts[1], CultureInfo.InvariantCulture) >= acked.Count);
                }
            }

            // The files: two events per order, one reservation event per order, every command id once.
            var paths = new StorePaths(store);
            foreach (var order in acked)
            {
                var events = StreamFiles.ReadAll(paths.StreamDirectory("crash-order", order));
                Assert.True(events.Count == 2, $"order {order} has {events.Count} events: {string.Join(", ", events.Select(e => e.Type))}{Environment.NewLine}{summary}");
            }

            var reservations = new List<string>();
            for (var s = 0; s < Skus; s++)
            {
                var events = StreamFiles.ReadAll(paths.StreamDirectory("crash-stock", $"sku-{s}"));
                var ids = events.Select(e => JsonDocument.Parse(e.Meta!.Value).RootElement.GetProperty(MetaKeys.CommandId).GetString()).ToList();
                Assert.Equal(ids.Count, ids.Distinct().Count());
                Assert.Equal(s < Skus - 1 ? 1 : 0, events.Count(e => e.Type == "crash-stock-added"));
                reservations.AddRange(events.Where(e => e.Type != "crash-stock-added").Select(e => JsonDocument.Parse(e.Data).RootElement.EnumerateObject().First().Value.GetString()!));
            }

            Assert.Equal(reservations.Count, reservations.Distinct().Count());
            Assert.Superset(acked, reservations.ToHashSet()); // every acknowledged order has its reservation
            summary.AppendLine(CultureInfo.InvariantCulture, $"{acked.Count} acknowledged orders, {reservations.Count} reservations, each once");
            passed = true;
        }
        finally
        {
            output.WriteLine(summary.ToString());
            if (passed)
            {
                temp.Dispose();
            }
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private static async Task<CrashHostProcess> StartAsync(string store, int round, int seed)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = CrashHostProcess.Start(CrashScenario.Default, store, round, Skus, Concurrency, seed, resendFile: null, SagaMode);
            try
            {
                await host.WaitReadyAsync(Timeout);
                return host;
            }
            catch (Exception)
            {
                await host.DisposeAsync();
                if (attempt >= 3 || !host.FailedOnPortInUse)
                {
                    throw;
                }
            }
        }
    }
}
