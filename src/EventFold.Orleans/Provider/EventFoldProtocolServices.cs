using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using Orleans.Serialization;

namespace EventFold.Orleans.Provider;

/// <summary>
/// The runtime services a log-view adaptor uses (deep copy, logging, error reporting). Orleans registers its own
/// implementation only inside its built-in providers' setup, so a custom provider brings one.
/// </summary>
internal sealed class EventFoldProtocolServices(IGrainContext grainContext, ILoggerFactory loggers, DeepCopier copier, ILocalSiloDetails silo)
    : ILogConsistencyProtocolServices
{
    private readonly ILogger _logger = loggers.CreateLogger("EventFold.Protocol");

    public GrainId GrainId => grainContext.GrainId;

    public string MyClusterId => silo.ClusterId;

    public T DeepCopy<T>(T value) => copier.Copy(value)!;

    public void ProtocolError(string msg, bool throwexception)
    {
        _logger.LogError("{GrainId} protocol error: {Message}", GrainId, msg);
        if (throwexception)
        {
            throw new OrleansException($"{msg} (grain={GrainId}, cluster={MyClusterId})");
        }
    }

    public void CaughtException(string where, Exception e) =>
        _logger.LogError(e, "{GrainId} exception caught at {Location}", GrainId, where);

    public void CaughtUserCodeException(string callback, string where, Exception e) =>
        _logger.LogWarning(e, "{GrainId} exception in user code {Callback}, called from {Location}", GrainId, callback, where);

    public void Log(LogLevel level, string format, params object[] args)
    {
        if (_logger.IsEnabled(level))
        {
            _logger.Log(level, "{GrainId} {Message}", GrainId, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        }
    }
}
