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

    /// <summary>EventFold storage the start-up checks do not see: for grains whose stored types are broken on purpose to test what happens past the checks.</summary>
    public const string Unchecked = "eventfold-unchecked";

    /// <summary>Makes <paramref name="name"/> resolve to the EventFold provider, as a user's own provider name would.</summary>
    public static Action<ISiloBuilder> Serve(string name) => silo =>
        silo.Services.AddKeyedSingleton<ILogViewAdaptorFactory>(name, (sp, _) => sp.GetRequiredKeyedService<ILogViewAdaptorFactory>(EventFoldOptions.ProviderName));

    /// <summary>Makes <see cref="Unchecked"/> store through EventFold behind a wrapper, which the start-up checks do not recognise as EventFold.</summary>
    public static void ServeUnchecked(ISiloBuilder silo) =>
        silo.Services.AddKeyedSingleton<ILogViewAdaptorFactory>(Unchecked, (sp, _) => new Delegating(sp.GetRequiredKeyedService<ILogViewAdaptorFactory>(EventFoldOptions.ProviderName)));

    private sealed class Delegating(ILogViewAdaptorFactory inner) : ILogViewAdaptorFactory
    {
        public bool UsesStorageProvider => inner.UsesStorageProvider;

        public ILogViewAdaptor<TView, TEntry> MakeLogViewAdaptor<TView, TEntry>(
            ILogViewAdaptorHost<TView, TEntry> hostGrain, TView initialState, string grainTypeName, global::Orleans.Storage.IGrainStorage? grainStorage, ILogConsistencyProtocolServices services)
            where TView : class, new()
            where TEntry : class =>
            inner.MakeLogViewAdaptor(hostGrain, initialState, grainTypeName, grainStorage, services);
    }
}
