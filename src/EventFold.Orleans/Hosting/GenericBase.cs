namespace EventFold.Orleans.Hosting;

/// <summary>Finds the closed form of a generic base class in a class's ancestry (how grain classes are told apart at start-up).</summary>
internal static class GenericBase
{
    /// <summary><paramref name="type"/> or its first base class built from <paramref name="definition"/>, e.g. <c>JournaledGrain&lt;,&gt;</c>; <see langword="null"/> when there is none.</summary>
    public static Type? Find(Type type, Type definition)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == definition)
            {
                return t;
            }
        }

        return null;
    }
}
