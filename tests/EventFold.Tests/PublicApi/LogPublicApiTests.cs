using System.Reflection;
using System.Text;

namespace EventFold.Tests.PublicApi;

/// <summary>
/// Pins the public surface of the events/log/errors part of EventFold (and the primitives EventFold.Orleans builds on, which it reaches through this public API only).
/// On a deliberate change, copy the <c>.received.txt</c> written next to the test binary over the approved file.
/// </summary>
public sealed class LogPublicApiTests
{
    private static readonly Type[] Owned =
    [
        typeof(Event), typeof(LineHash), typeof(Durability), typeof(LockMode), typeof(EventWriterOptions), typeof(AppendResult),
        typeof(EventWriter), typeof(EventReader), typeof(EventRecord), typeof(HistoryRecord), typeof(EventFoldException),
        typeof(WriterLockedException), typeof(AppendConflictException), typeof(CorruptLogException), typeof(CorruptArchiveException),
        typeof(AppendFailedException), typeof(FileLock), typeof(FileLockKind),
        typeof(GroupCommitter), typeof(GroupSyncMode), typeof(IoThreads), typeof(LogPaths), typeof(DurableFile), typeof(DirectorySync),
        typeof(SnapshotFile),
    ];

    [Fact]
    public void Public_api_matches_the_approved_baseline()
    {
        string received = Describe();
        string approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi", "EventFold.Log.approved.txt");
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";
        if (received != approved)
        {
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "EventFold.Log.received.txt"), received);
        }

        Assert.Equal(approved, received);
    }

    private static string Describe()
    {
        var sb = new StringBuilder();
        foreach (Type type in Owned.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(Kind(type)).Append(' ').Append(type.FullName);
            if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
            {
                sb.Append(" : ").Append(Name(b));
            }

            sb.Append('\n');
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !IsCompilerNoise(m))
                .Select(Signature)
                .OrderBy(s => s, StringComparer.Ordinal);
            foreach (string member in members)
            {
                sb.Append("  ").Append(member).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static bool IsCompilerNoise(MemberInfo m) =>
        m.Name is "<Clone>$" or "Deconstruct" or "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "EqualityContract"
        || m.DeclaringType!.IsEnum && m is FieldInfo { IsSpecialName: true };

    private static string Kind(Type t) => t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : t.IsAbstract && t.IsSealed ? "static class" : "class";

    private static string Signature(MemberInfo m) => m switch
    {
        ConstructorInfo c => $"ctor({Params(c)})",
        MethodInfo mi => $"{(mi.IsStatic ? "static " : "")}{Name(mi.ReturnType)} {mi.Name}{(mi.IsGenericMethod ? "<" + string.Join(",", mi.GetGenericArguments().Select(a => a.Name)) + ">" : "")}({Params(mi)})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : "")}{(p.SetMethod?.IsPublic == true ? (IsInit(p.SetMethod) ? " init;" : " set;") : "")} }}",
        FieldInfo f => f.DeclaringType!.IsEnum ? $"{f.Name} = {f.GetRawConstantValue()}" : $"{Name(f.FieldType)} {f.Name}",
        _ => $"{m.MemberType} {m.Name}",
    };

    private static string Params(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
        $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? (p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? "default" : "null")) : "")}"));

    private static bool IsInit(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit));

    private static string Name(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner)
        {
            return Name(inner) + "?";
        }

        if (t.IsGenericType)
        {
            string bare = t.Name[..t.Name.IndexOf('`')];
            return $"{bare}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>";
        }

        return t.IsGenericParameter ? t.Name : t.IsArray ? Name(t.GetElementType()!) + "[]" : t.IsByRef ? Name(t.GetElementType()!) + "&" : t.Name;
    }
}
