using System.Text;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>Lines the Orleans layer writes use serde_json's escaping (raw UTF-8), as the Rust writer does.</summary>
public sealed class SerdeEscapedLinesTests : SiloTest
{
    private const string Tricky = "é<+>&'😀\n\t\"\\\u0001\u001f/";

    // serde_json: raw UTF-8, short escapes for \n \t " \, lowercase \u00xx for other controls, '/' as is.
    private const string TrickyAsSerde = "é<+>&'😀\\n\\t\\\"\\\\\\u0001\\u001f/";

    [Fact]
    public async Task Aggregate_event_data_and_meta_are_written_with_serde_escaping()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("esc-1");
        var context = new CommandContext { CommandId = "cmd-é", Metadata = new() { ["note"] = Tricky } };
        Assert.True((await account.Execute(new OpenAccount(Tricky), context)).Succeeded);

        var line = Encoding.UTF8.GetString(StreamFiles.ReadLogBytes(Cluster.Directory("account", "esc-1"))).TrimEnd('\n');
        Assert.Contains("\"data\":{\"owner\":\"" + TrickyAsSerde + "\"}", line, StringComparison.Ordinal);
        Assert.Contains("\"command_id\":\"cmd-é\"", line, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"" + TrickyAsSerde + "\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", line.Replace("\\u0001", "", StringComparison.Ordinal).Replace("\\u001f", "", StringComparison.Ordinal), StringComparison.Ordinal);

        await Cluster.DeactivateAsync(account);
        Assert.Equal(Tricky, (await account.GetVersionedState()).State.Owner);
    }

    [Fact]
    public void Plain_journaled_grain_events_are_encoded_with_serde_escaping()
    {
        var codec = new PlainEntryCodec<AccountEvent>(EventTypeRegistry.For<AccountEvent>(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var stored = codec.Encode(new AccountOpened(Tricky), DateTimeOffset.UnixEpoch);
        Assert.Equal("{\"owner\":\"" + TrickyAsSerde + "\"}", Encoding.UTF8.GetString(stored.Data.Span));
        Assert.Equal(new AccountOpened(Tricky), codec.Decode(stored));
    }

    [Fact]
    public async Task Lines_written_before_with_the_default_encoder_still_read_to_the_same_values()
    {
        var directory = Cluster.Directory("account", "old-1");
        using (var writer = EventWriter.Open(directory))
        {
            writer.Append(new Event("account-opened", "{\"owner\":\"\\u00E9\\u003C\\u002B\\uD83D\\uDE00\\u000A\"}"u8.ToArray(), 1,
                meta: "{\"command_id\":\"c\\u00E9\",\"note\":\"\\u003C\"}"u8.ToArray()));
        }

        var account = Cluster.Client.GetGrain<IAccountAggregate>("old-1");
        Assert.Equal("é<+😀\n", (await account.GetVersionedState()).State.Owner);

        // The same command id is recognized as a duplicate: the stored escapes decode to the same id.
        var again = await account.Execute(new OpenAccount("x"), new CommandContext { CommandId = "cé" });
        Assert.True(again.WasDuplicate);
        Assert.Equal(1, again.Version);
        Assert.Single(Cluster.ReadAll("account", "old-1"));
    }
}
