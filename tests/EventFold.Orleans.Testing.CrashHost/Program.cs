using EventFold.Orleans.Testing;
using EventFold.Orleans.Testing.Tests.Domain;

// Restocks and takes on a few shelves, chosen from the request's generator only, so a resent command id gives the same command.
// EVENTFOLD_TESTING_CRASHHOST_UNSTABLE=1 makes the choice depend on a fresh Guid instead: the app mistake the crash test must report.
var unstable = Environment.GetEnvironmentVariable("EVENTFOLD_TESTING_CRASHHOST_UNSTABLE") == "1";
return await EventFoldCrashHost.RunAsync(args, host =>
{
    host.Store = store =>
    {
        store.SnapshotEveryEvents = 5;
        store.MaxActiveLogBytes = 4096;
    };
    host.Commands<IShelf, ShelfState, ShelfCommand, ShelfEvent>(request =>
    {
        var random = unstable ? new Random(Guid.NewGuid().GetHashCode()) : request.Random;
        var sku = random.Next(2) == 0 ? "apple" : "pear";
        return random.Next(3) == 0 ? new Take(sku, random.Next(1, 4)) : new Restock(sku, random.Next(1, 4));
    });
});
