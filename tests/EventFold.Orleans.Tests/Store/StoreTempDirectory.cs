namespace EventFold.Orleans.Tests.Store;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class StoreTempDirectory : IDisposable
{
    public StoreTempDirectory()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "eventfold-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
