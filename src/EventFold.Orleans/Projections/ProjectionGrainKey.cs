namespace EventFold.Orleans.Projections;

/// <summary>The one key every projection grain has (one activation per projection), and how to reach a projection.</summary>
public static class ProjectionGrainKey
{
    /// <summary>The grain key of every projection, which is also the key of the notice streams.</summary>
    public const string Value = "projection";

    /// <summary>The projection grain behind <typeparamref name="TGrainInterface"/>.</summary>
    /// <typeparam name="TGrainInterface">The app's projection grain interface.</typeparam>
    /// <param name="grains">The grain factory.</param>
    /// <returns>The grain reference.</returns>
    public static TGrainInterface GetProjection<TGrainInterface>(this IGrainFactory grains)
        where TGrainInterface : IProjectionGrain
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<TGrainInterface>(Value);
    }
}
