using EventFold.Orleans.Bus;
using EventFold.Orleans.Tests.Hosting;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>A stable command name used by two classes of one aggregate stops the silo start, naming both.</summary>
public sealed class CommandNameStartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_command_classes_with_one_name_stop_the_silo_start_naming_both()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(_dir.Path, silo: CheckedProvider.Serve(DuplicateNamesGrain.ProviderName)));

        var duplicate = ExceptionChain.Find<CommandTypeMappingException>(error);
        Assert.NotNull(duplicate);
        Assert.Contains("'bus-twice'", duplicate!.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(FirstNamedTwice).FullName!, duplicate.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(SecondNamedTwice).FullName!, duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("EventFold.Orleans.Tests", duplicate.Message, StringComparison.Ordinal);
    }
}
