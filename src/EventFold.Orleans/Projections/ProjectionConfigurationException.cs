namespace EventFold.Orleans.Projections;

/// <summary>A projection or its grain class is set up wrongly (bad name, missing stream subscription, nothing followed).</summary>
[GenerateSerializer, Alias("EventFold.ProjectionConfigurationException")]
public sealed class ProjectionConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ProjectionConfigurationException(string message)
        : base(message)
    {
    }
}
