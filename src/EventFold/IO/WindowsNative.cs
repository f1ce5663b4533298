using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>The one Win32 call the durable-flush path needs on Windows.</summary>
internal static partial class WindowsNative
{
    [LibraryImport("kernel32.dll", EntryPoint = "FlushFileBuffers", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool FlushFileBuffers(SafeFileHandle handle);
}
