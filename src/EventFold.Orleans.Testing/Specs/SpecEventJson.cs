using System.Text;
using System.Text.Json;
using EventFold.Orleans.Hosting;

namespace EventFold.Orleans.Testing;

/// <summary>Writes events the way a spec compares and shows them: CLR type name and JSON, with the store's JSON options.</summary>
internal sealed class SpecEventJson
{
    private readonly JsonSerializerOptions _options;

    public SpecEventJson(JsonSerializerOptions? options)
    {
        // The store's default, and like AddEventFold: fields included, as Orleans serializes [Id] fields.
        var chosen = options ?? new EventFoldOptions().JsonSerializerOptions;
        _options = chosen.IncludeFields ? chosen : new JsonSerializerOptions(chosen) { IncludeFields = true };
    }

    /// <summary>One event as <c>TypeName {json}</c>.</summary>
    public string Describe(object @event)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(@event, @event.GetType(), _options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            // The store could not write it either; the spec says so instead of hiding the comparison.
            json = $"<not serializable as JSON: {e.GetType().Name}: {e.Message}>";
        }

        return $"{@event.GetType().Name} {json}";
    }

    /// <summary>A numbered list of events, one per line, indented; "(none)" for an empty list.</summary>
    public static string List(IReadOnlyList<string> described)
    {
        if (described.Count == 0)
        {
            return "  (none)";
        }

        var text = new StringBuilder();
        for (var i = 0; i < described.Count; i++)
        {
            if (i > 0)
            {
                text.AppendLine();
            }

            text.Append($"  [{i}] {described[i]}");
        }

        return text.ToString();
    }
}
