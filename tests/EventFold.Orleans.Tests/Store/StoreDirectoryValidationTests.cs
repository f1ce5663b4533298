using System.Diagnostics;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

/// <summary>
/// A base directory that cannot hold a store fails the start with a typed message naming the path and what to do;
/// a store that cannot (or must not) be written can still be opened for reads with <see cref="EventFoldOptions.ReadOnly"/>.
/// </summary>
public sealed class StoreDirectoryValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_base_directory_that_is_a_file_fails_the_silo_start_naming_it()
    {
        var file = Path.Combine(_dir.Path, "store");
        await File.WriteAllTextAsync(file, "not a directory");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(file));

        var typed = Chain(error).FirstOrDefault(e => e is OptionsValidationException or StoreDirectoryUnusableException);
        Assert.True(typed is not null, error.ToString());
        Assert.Contains(file, typed.Message, StringComparison.Ordinal);
        Assert.Contains("is a file", typed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_started_on_a_file_throws_the_typed_error()
    {
        var file = Path.Combine(_dir.Path, "store");
        await File.WriteAllTextAsync(file, "not a directory");
        await using var store = Store(file);

        var error = await Assert.ThrowsAsync<StoreDirectoryUnusableException>(() => store.StartAsync(CancellationToken.None));

        Assert.Equal(file, error.Path);
        Assert.Contains("EventFoldOptions.BaseDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_in_place_of_the_meta_directory_is_named_in_the_typed_error()
    {
        var meta = new StorePaths(_dir.Path).MetaDirectory;
        await File.WriteAllTextAsync(meta, "in the way");
        await using var store = Store(_dir.Path);

        var error = await Assert.ThrowsAsync<StoreDirectoryUnusableException>(() => store.StartAsync(CancellationToken.None));

        Assert.Equal(meta, error.Path);
        Assert.Contains("Move it away", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_store_lists_and_reads_but_never_creates_locks_or_writes()
    {
        await Populate();
        var before = Tree();

        // Another process owning the store does not keep a read-only one out: it takes no lock.
        await using var owner = Store(_dir.Path);
        await owner.StartAsync(CancellationToken.None);
        await AssertReadsButRefusesWrites();

        Assert.Equal(before, Tree());
    }

    [Fact]
    public async Task An_unwritable_base_directory_fails_typed_unless_opened_read_only()
    {
        await Populate();

        // Tests run as root, which chmod does not stop: a read-only bind mount is an honest unwritable directory.
        if (!Run("mount", "--bind", "-o", "ro", _dir.Path, _dir.Path))
        {
            // Without mount rights: a directory where the lock file goes makes the store just as unwritable.
            var paths = new StorePaths(_dir.Path);
            File.Delete(paths.StoreLockPath);
            Directory.CreateDirectory(paths.StoreLockPath);
            await using var blocked = Store(_dir.Path);
            var blockedError = await Assert.ThrowsAsync<StoreDirectoryUnusableException>(() => blocked.StartAsync(CancellationToken.None));
            Assert.Contains("EventFoldOptions.ReadOnly", blockedError.Message, StringComparison.Ordinal);
            await AssertReadsButRefusesWrites();
            return;
        }

        try
        {
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(_dir.Path, "probe"), "x"));
            await using var store = Store(_dir.Path);
            var error = await Assert.ThrowsAsync<StoreDirectoryUnusableException>(() => store.StartAsync(CancellationToken.None));
            Assert.Equal(_dir.Path, error.Path);
            Assert.Contains("cannot be written", error.Message, StringComparison.Ordinal);
            Assert.Contains("EventFoldOptions.ReadOnly = true", error.Message, StringComparison.Ordinal);

            await AssertReadsButRefusesWrites();
        }
        finally
        {
            Run("umount", _dir.Path);
        }
    }

    private async Task Populate()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var account = cluster.Client.GetGrain<IAccountAggregate>("a1");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);
        await account.Execute(new Deposit(5), CommandContext.None);
    }

    private async Task AssertReadsButRefusesWrites()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.ReadOnly = true);
        Assert.Equal(["a1"], cluster.Store().ListIds("account"));
        Assert.Equal(["account"], cluster.Store().ListAggregateTypes());

        var account = cluster.Client.GetGrain<IAccountAggregate>("a1");
        var state = await account.GetVersionedState();
        Assert.Equal((2L, "ann", 5L), (state.Version, state.State.Owner, state.State.Balance));
        Assert.Equal(2, new EventReader(cluster.Directory("account", "a1")).ReadFull().Count());

        var write = await Assert.ThrowsAsync<AggregateWriteException>(() => account.Execute(new Deposit(1), CommandContext.None));
        Assert.Contains("is open read-only (EventFoldOptions.ReadOnly = true); account/a1 cannot be written", write.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(StoreReadOnlyException), write.CauseType, StringComparison.Ordinal);
        await cluster.DeactivateAsync(account);
    }

    private static EventFoldStore Store(string baseDirectory) =>
        new(Options.Create(new EventFoldOptions { BaseDirectory = baseDirectory }), TimeProvider.System);

    /// <summary>Every file and directory under the store with its size and write time.</summary>
    private string Tree() =>
        string.Join('\n', Directory.EnumerateFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{p} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p):O}" : $"{p}/"));

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
