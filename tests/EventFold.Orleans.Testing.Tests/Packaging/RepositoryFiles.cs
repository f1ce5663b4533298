using System.Xml.Linq;

namespace EventFold.Orleans.Testing.Tests.Packaging;

/// <summary>The repository this test assembly was built from, and the package versions it pins.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PackageVersion(string package) =>
        XDocument.Load(System.IO.Path.Combine(Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package)
            .Attribute("Version")!.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EventFold.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (EventFold.Orleans.sln) was not found above " + AppContext.BaseDirectory);
    }
}
