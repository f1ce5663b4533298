using Microsoft.Extensions.DependencyInjection;

namespace EventFold.Orleans.Bus;

/// <summary>Registers <see cref="ICommandMiddleware"/>s; they run in the order they are registered, the first one outermost.</summary>
public static class CommandMiddlewareServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="TMiddleware"/> (one instance for the silo, built from the container) after the middlewares already registered.</summary>
    /// <typeparam name="TMiddleware">The middleware class.</typeparam>
    /// <param name="services">The silo's services.</param>
    public static IServiceCollection AddCommandMiddleware<TMiddleware>(this IServiceCollection services)
        where TMiddleware : class, ICommandMiddleware
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSingleton<ICommandMiddleware, TMiddleware>();
    }

    /// <summary>Adds the middleware instance <paramref name="middleware"/> after the middlewares already registered.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="middleware">The middleware.</param>
    public static IServiceCollection AddCommandMiddleware(this IServiceCollection services, ICommandMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(middleware);
        return services.AddSingleton(middleware);
    }
}
