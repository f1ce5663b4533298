using Microsoft.Extensions.Options;

namespace EventFold.Orleans.Hosting;

/// <summary>Checks <see cref="EventFoldOptions"/> when the silo starts, with messages that say what to change.</summary>
internal sealed class EventFoldOptionsValidator : IValidateOptions<EventFoldOptions>
{
    public ValidateOptionsResult Validate(string? name, EventFoldOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BaseDirectory))
        {
            errors.Add("EventFoldOptions.BaseDirectory is required: set it to the directory that holds the store, e.g. \"./data\".");
        }
        else if (options.BaseDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"EventFoldOptions.BaseDirectory '{options.BaseDirectory}' contains characters that are not valid in a path.");
        }
        else if (File.Exists(options.BaseDirectory))
        {
            errors.Add($"EventFoldOptions.BaseDirectory '{Path.GetFullPath(options.BaseDirectory)}' is a file; set it to a directory (created when missing) or move the file away.");
        }

        if (!Enum.IsDefined(options.Durability))
        {
            errors.Add($"EventFoldOptions.Durability {(int)options.Durability} is not a Durability value.");
        }

        if (options.SnapshotEveryEvents < 0)
        {
            errors.Add($"EventFoldOptions.SnapshotEveryEvents must be 0 (off) or positive, not {options.SnapshotEveryEvents}.");
        }

        if (options.MaxActiveLogBytes < 0)
        {
            errors.Add($"EventFoldOptions.MaxActiveLogBytes must be 0 (off) or positive, not {options.MaxActiveLogBytes}.");
        }

        if (options.IdempotencyWindow < 0)
        {
            errors.Add($"EventFoldOptions.IdempotencyWindow must be 0 (off) or positive, not {options.IdempotencyWindow}.");
        }

        if (options.MaxConflictRetries < 0)
        {
            errors.Add($"EventFoldOptions.MaxConflictRetries must be 0 or positive, not {options.MaxConflictRetries}.");
        }

        if (options.IdleTimeout is { } idle && idle <= TimeSpan.Zero)
        {
            errors.Add($"EventFoldOptions.IdleTimeout must be positive, not {idle}.");
        }

        foreach (var (type, timeout) in options.IdleTimeouts)
        {
            if (timeout <= TimeSpan.Zero)
            {
                errors.Add($"The idle timeout of {type.FullName} must be positive, not {timeout}.");
            }
        }

        if (options.JsonSerializerOptions is null)
        {
            errors.Add("EventFoldOptions.JsonSerializerOptions must not be null.");
        }

        if (options.MaxCommandBytes <= 0)
        {
            errors.Add($"EventFoldOptions.MaxCommandBytes must be positive, not {options.MaxCommandBytes}.");
        }

        if (options.MaxResultEventBytes < 0)
        {
            errors.Add($"EventFoldOptions.MaxResultEventBytes must be 0 (never echo events) or positive, not {options.MaxResultEventBytes}.");
        }

        if (options.MaxOpenWriters < 1)
        {
            errors.Add($"EventFoldOptions.MaxOpenWriters must be at least 1 (it caps the stream writers kept open; default 4096), not {options.MaxOpenWriters}.");
        }

        if (options.GroupCommitSpin < TimeSpan.Zero || options.GroupCommitSpin > TimeSpan.FromMilliseconds(10))
        {
            errors.Add($"EventFoldOptions.GroupCommitSpin must be between 0 (off) and 10 ms (default 300 µs), not {options.GroupCommitSpin}.");
        }

        foreach (var type in options.EventTypes)
        {
            if (type is null || !type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
            {
                errors.Add($"EventFoldOptions.EventTypes holds {type?.FullName ?? "null"}: register concrete (non-abstract, closed) event classes only.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
