using EventFold.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.EventSourcing;

namespace EventFold.Orleans.Tests.Hosting;

/// <summary>
/// Provider names that EventFold serves only in silos that ask for it: the grains broken on purpose use them, so the
/// start-up checks can be shown to stop a silo without stopping every other test's silo.
/// </summary>
public static class CheckedProvider
{
    public const string Clash = "eventfold-checked-clash";
    public const string Unstorable = "eventfold-checked-unstorable";

    /// <summary>Makes <paramref name="name"/> resolve to the EventFold provider, as a user's own provider name would.</summary>
    public static Action<ISiloBuilder> Serve(string name) => silo =>
        silo.Services.AddKeyedSingleton<ILogViewAdaptorFactory>(name, (sp, _) => sp.GetRequiredKeyedService<ILogViewAdaptorFactory>(EventFoldOptions.ProviderName));
}
