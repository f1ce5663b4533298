namespace EventFold.Orleans.ProcessManagers;

/// <summary>The one key every process manager grain has (one activation per manager), and how to reach one.</summary>
public static class ProcessManagerGrainKey
{
    /// <summary>The grain key: the key of the write-notice streams, so an implicit subscription reaches the one activation.</summary>
    public const string Value = Projections.ProjectionGrainKey.Value;

    /// <summary>The process manager grain behind <typeparamref name="TGrainInterface"/>.</summary>
    /// <typeparam name="TGrainInterface">The app's process manager grain interface.</typeparam>
    /// <param name="grains">The grain factory.</param>
    /// <returns>The grain reference.</returns>
    public static TGrainInterface GetProcessManager<TGrainInterface>(this IGrainFactory grains)
        where TGrainInterface : IProcessManagerGrain
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<TGrainInterface>(Value);
    }
}
