using System.Collections;
using System.Reflection;

namespace EventFold.Orleans.Tests.Events;

/// <summary>
/// Deep equality that does not trust the types' own Equals (collections inside records compare by reference):
/// every instance field, [NonSerialized] caches excepted, element by element.
/// </summary>
public static class StructuralEquality
{
    public static bool AreEqual(object? a, object? b, out string difference, string path = "value")
    {
        difference = "";
        if (a is null || b is null)
        {
            return a is null && b is null || Differ(out difference, path, a, b);
        }

        var type = a.GetType();
        if (type != b.GetType())
        {
            return Differ(out difference, path, type, b.GetType());
        }

        if (type.IsPrimitive || type.IsEnum || a is string or decimal or Guid or DateTime or DateTimeOffset or TimeSpan)
        {
            return a.Equals(b) || Differ(out difference, path, a, b);
        }

        if (a is IDictionary left && b is IDictionary right)
        {
            if (left.Count != right.Count)
            {
                return Differ(out difference, path + ".Count", left.Count, right.Count);
            }

            foreach (DictionaryEntry entry in left)
            {
                if (!right.Contains(entry.Key))
                {
                    return Differ(out difference, $"{path}[{entry.Key}]", entry.Value, "(missing)");
                }

                if (!AreEqual(entry.Value, right[entry.Key], out difference, $"{path}[{entry.Key}]"))
                {
                    return false;
                }
            }

            return true;
        }

        if (a is IEnumerable first && b is IEnumerable second)
        {
            var (xs, ys) = (first.Cast<object?>().ToList(), second.Cast<object?>().ToList());
            if (xs.Count != ys.Count)
            {
                return Differ(out difference, path + ".Count", xs.Count, ys.Count);
            }

            // Sets have no order: compare them as sorted-by-text sequences.
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(HashSet<>))
            {
                (xs, ys) = ([.. xs.OrderBy(x => x?.ToString(), StringComparer.Ordinal)], [.. ys.OrderBy(y => y?.ToString(), StringComparer.Ordinal)]);
            }

            for (var i = 0; i < xs.Count; i++)
            {
                if (!AreEqual(xs[i], ys[i], out difference, $"{path}[{i}]"))
                {
                    return false;
                }
            }

            return true;
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.IsDefined(typeof(NonSerializedAttribute)) && !AreEqual(field.GetValue(a), field.GetValue(b), out difference, $"{path}.{field.Name}"))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Differ(out string difference, string path, object? expected, object? actual)
    {
        difference = $"{path}: {expected ?? "null"} != {actual ?? "null"}";
        return false;
    }
}
