using System.Text.Json;

namespace EventFold.Orleans.Bus;

/// <summary>Turns a <see cref="JsonCommandEnvelope"/> into a typed <see cref="CommandEnvelope"/>, with typed errors for every way it can be wrong.</summary>
internal sealed class CommandDecoder(AggregateRoutes routes, CommandTypeCatalog commands, JsonSerializerOptions json)
{
    /// <summary>Decodes <paramref name="envelope"/>'s payload into the command class its name stands for.</summary>
    /// <exception cref="CommandBusException">The aggregate type, the command type or the payload is wrong.</exception>
    public CommandEnvelope Decode(JsonCommandEnvelope envelope)
    {
        var route = routes.Resolve(envelope.AggregateType);
        var commandClass = Resolve(route, envelope.CommandType);
        if (string.IsNullOrWhiteSpace(envelope.Payload))
        {
            throw new MalformedCommandException(route.AggregateType, envelope.CommandType, "the payload is empty; send the command as a JSON object");
        }

        object? command;
        try
        {
            command = JsonSerializer.Deserialize(envelope.Payload, commandClass, json);
        }
        catch (JsonException error)
        {
            throw new MalformedCommandException(route.AggregateType, envelope.CommandType, commandClass, error);
        }
        catch (Exception error) when (error is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // The class itself cannot be read from JSON (no usable constructor, unsupported member): the same every time.
            throw new MalformedCommandException(route.AggregateType, envelope.CommandType, $"{commandClass.FullName} cannot be read from JSON: {error.Message}");
        }

        return new CommandEnvelope
        {
            AggregateType = envelope.AggregateType,
            AggregateId = envelope.AggregateId,
            Command = command ?? throw new MalformedCommandException(route.AggregateType, envelope.CommandType, "the payload is JSON null, not a command"),
            Context = envelope.Context,
        };
    }

    private Type Resolve(AggregateRoute route, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidCommandEnvelopeException(route.AggregateType, nameof(JsonCommandEnvelope.CommandType), "it is empty; give the command's [CommandType] name");
        }

        if (commands.TryResolve(route.CommandBase, name, out var commandClass))
        {
            return commandClass;
        }

        var elsewhere = commands.ClassesNamed(name);
        if (elsewhere.Count > 0)
        {
            throw new CommandNotAcceptedException(route.AggregateType, name, [.. elsewhere.Select(t => t.FullName!)], route.CommandBase.FullName!);
        }

        throw new UnknownCommandTypeException(route.AggregateType, name, commands.NamesOf(route.CommandBase));
    }
}
