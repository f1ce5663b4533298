namespace EventFold.Orleans.Store;

/// <summary>The outcome of parsing one registry line.</summary>
internal enum RegistryLineStatus
{
    /// <summary>A well-formed record.</summary>
    Valid,

    /// <summary>Not JSON: what a write cut short by a crash leaves behind.</summary>
    NotJson,

    /// <summary>Complete JSON but not a record this version understands: never caused by a crash.</summary>
    WrongShape,
}
