using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.Events.Domain;
using EventFold.Orleans.Tests.Hosting.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Hosting;

/// <summary>A member Orleans serializes that JSON would lose stops the silo start, named by type and member.</summary>
public sealed class StoredTypesStartupCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Members_json_cannot_round_trip_stop_the_silo_start_with_their_type_and_name()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_dir.Path, silo: CheckedProvider.Serve(CheckedProvider.Unstorable)));

        var unstorable = ExceptionChain.Find<UnstorableMemberException>(error);
        Assert.NotNull(unstorable);
        var found = unstorable!.Problems.Select(p => (p.Type, p.Member)).ToHashSet();
        Assert.Equal(
            new HashSet<(Type, string)>
            {
                (typeof(PrivateSetterEvent), nameof(PrivateSetterEvent.Amount)),
                (typeof(UnstorableState), "_hidden"),
                (typeof(UnstorableState), nameof(UnstorableState.Ignored)),
                (typeof(ReadonlyHolder), nameof(ReadonlyHolder.Fixed)),
            },
            found);
        Assert.Contains($"{typeof(PrivateSetterEvent).FullName}.Amount: ", unstorable.Message);
        Assert.Contains($"{typeof(ReadonlyHolder).FullName}.Fixed: it is a readonly field", unstorable.Message);
    }

    [Fact]
    public async Task Options_given_without_fields_are_used_with_fields_and_left_unchanged()
    {
        var mine = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await using (var silo = await TestSilo.StartAsync(_dir.Path, o => o.JsonSerializerOptions = mine))
        {
            await silo.Client.GetGrain<IFieldCounter>("own").Execute(new CountBy(9, "nine"), CommandContext.None);
        }

        Assert.False(mine.IncludeFields);
        await using var again = await TestSilo.StartAsync(_dir.Path, o => o.JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var state = await again.Client.GetGrain<IFieldCounter>("own").GetState();
        Assert.Equal((9, "nine"), (state.Count, state.Notes.Single()));
    }

    [Fact]
    public async Task A_contract_that_drops_a_field_stops_the_silo_start()
    {
        var dropping = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IncludeFields = true,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
            {
                Modifiers = { info => RemoveProperty(info, typeof(FieldCounted), "note") },
            },
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_dir.Path, o => o.JsonSerializerOptions = dropping));

        var unstorable = ExceptionChain.Find<UnstorableMemberException>(error);
        Assert.NotNull(unstorable);
        Assert.Equal((typeof(FieldCounted), nameof(FieldCounted.Note)), (unstorable!.Problems.Single().Type, unstorable.Problems.Single().Member));
    }

    private static void RemoveProperty(System.Text.Json.Serialization.Metadata.JsonTypeInfo info, Type type, string name)
    {
        if (info.Type == type && info.Properties.FirstOrDefault(p => p.Name == name) is { } property)
        {
            info.Properties.Remove(property);
        }
    }
}
