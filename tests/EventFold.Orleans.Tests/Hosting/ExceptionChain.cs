namespace EventFold.Orleans.Tests.Hosting;

/// <summary>Finds an exception of a type among the inner exceptions a silo start wraps it in.</summary>
public static class ExceptionChain
{
    public static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
