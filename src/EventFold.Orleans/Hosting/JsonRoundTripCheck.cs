using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EventFold.Orleans.Hosting;

/// <summary>
/// Finds the members Orleans serializes (<c>[Id(n)]</c>, or every public property under
/// <c>[GenerateSerializer(GenerateFieldIds = PublicProperties)]</c>) that a JSON write and read with the given options
/// would lose, following those members and collection elements into the types they hold.
/// </summary>
internal sealed class JsonRoundTripCheck(JsonSerializerOptions json)
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly HashSet<Type> _seen = [];
    private readonly List<UnstorableMember> _problems = [];

    /// <summary>What was found so far, in the order found.</summary>
    public IReadOnlyList<UnstorableMember> Problems => _problems;

    /// <summary>Checks a stored type and everything reachable through its Orleans members.</summary>
    public void Check(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.ContainsGenericParameters || !_seen.Add(type) || Contract(type, type, "(type)") is not { } info)
        {
            return;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                Check(info.ElementType!);
                break;
            case JsonTypeInfoKind.Dictionary:
                Check(info.KeyType!);
                Check(info.ElementType!);
                break;
            case JsonTypeInfoKind.Object:
                CheckMembers(type, info);
                break;
        }
    }

    private void CheckMembers(Type type, JsonTypeInfo info)
    {
        foreach (var member in OrleansMembers(type))
        {
            var property = info.Properties.FirstOrDefault(p => p.AttributeProvider is MemberInfo m && SameMember(m, member));
            if (Why(member, property, info) is { } reason)
            {
                _problems.Add(new UnstorableMember(type, member.Name, reason));
                continue;
            }

            var memberType = Nullable.GetUnderlyingType(property!.PropertyType) ?? property.PropertyType;
            if (memberType.IsAbstract && !memberType.ContainsGenericParameters && Contract(memberType, type, member.Name) is { Kind: JsonTypeInfoKind.Object, PolymorphismOptions: null })
            {
                _problems.Add(new UnstorableMember(type, member.Name,
                    $"its type {memberType.FullName} is abstract and JSON does not know its derived types: add [JsonPolymorphic] and [JsonDerivedType] to it, or use a concrete type."));
                continue;
            }

            Check(memberType);
        }
    }

    private JsonTypeInfo? Contract(Type type, Type owner, string member)
    {
        try
        {
            // As the first serialization would: freeze the options and fill in the default (reflection) resolver if none is set.
            json.MakeReadOnly(populateMissingResolver: true);
            return json.GetTypeInfo(type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            _problems.Add(new UnstorableMember(owner, member, $"the JSON options cannot handle {type.FullName}: {e.Message}"));
            return null;
        }
    }

    private string? Why(MemberInfo member, JsonPropertyInfo? property, JsonTypeInfo info)
    {
        if (property is null)
        {
            return member switch
            {
                FieldInfo { IsPublic: false } => "it is a non-public field, which JSON skips: make it public or mark it [JsonInclude].",
                FieldInfo when !json.IncludeFields => "it is a field and JsonSerializerOptions.IncludeFields is off: mark it [JsonInclude] or make it a property.",
                PropertyInfo p when p.GetMethod is not { IsPublic: true } => "its getter is not public, so JSON skips it: make it public or mark it [JsonInclude].",
                _ => "the JSON contract leaves it out ([JsonIgnore] or a contract modifier): remove that, or stop serializing it in Orleans too.",
            };
        }

        if (property.Get is null)
        {
            return "JSON never writes it (ignored when writing, or no readable getter): remove [JsonIgnore] or make it readable.";
        }

        var populated = (property.ObjectCreationHandling ?? info.PreferredPropertyObjectCreationHandling ?? json.PreferredObjectCreationHandling) == JsonObjectCreationHandling.Populate
            && !property.PropertyType.IsValueType;
        if (property.Set is null && property.AssociatedParameter is null && !populated)
        {
            return (member is FieldInfo { IsInitOnly: true } ? "it is a readonly field" : "it has no setter JSON can use")
                + ", and no constructor parameter has its name, so JSON writes it but never reads it back: give it a public (or init) setter, [JsonInclude] on a private one, or a matching constructor parameter.";
        }

        return null;
    }

    /// <summary>The same declaration, or an override of the property Orleans' attribute sits on.</summary>
    private static bool SameMember(MemberInfo candidate, MemberInfo member) =>
        SameDeclaration(candidate, member)
        || (candidate is PropertyInfo { GetMethod: { } a } && member is PropertyInfo { GetMethod: { } b } && SameDeclaration(a.GetBaseDefinition(), b.GetBaseDefinition()));

    private static bool SameDeclaration(MemberInfo a, MemberInfo b) => a.Module == b.Module && a.MetadataToken == b.MetadataToken;

    private static IEnumerable<MemberInfo> OrleansMembers(Type type)
    {
        var publicProperties = type.GetCustomAttribute<GenerateSerializerAttribute>()?.GenerateFieldIds == GenerateFieldIds.PublicProperties;
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var member in current.GetMembers(Declared))
            {
                var serialized = member switch
                {
                    FieldInfo or PropertyInfo when member.IsDefined(typeof(IdAttribute), inherit: false) => true,
                    PropertyInfo { GetMethod.IsPublic: true } p when publicProperties && p.GetIndexParameters().Length == 0 && !p.IsDefined(typeof(NonSerializedAttribute)) => true,
                    _ => false,
                };
                if (serialized)
                {
                    yield return member;
                }
            }
        }
    }
}
