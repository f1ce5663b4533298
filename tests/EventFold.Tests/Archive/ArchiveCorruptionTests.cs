using EventFold.Tests.Fixtures;

namespace EventFold.Tests.Archive;

/// <summary>
/// Rust's reader yields the decoder error forever on a damaged archive; ours must fail once, quickly, naming the file.
/// </summary>
public sealed class ArchiveCorruptionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string ArchivePath => dir.Combine(ArchiveFile.FileName);

    private static byte[] Golden => File.ReadAllBytes(Path.Combine(Vectors.GoldenLog, ArchiveFile.FileName));

    /// <summary>Reads the archive on a worker with a deadline, so a hang fails the test instead of blocking it.</summary>
    private static async Task<(List<string> Lines, CorruptArchiveException? Error)> ReadWithDeadline(string path)
    {
        return await Task.Run(() =>
        {
            var lines = new List<string>();
            int attempts = 0;
            using IEnumerator<(ReadOnlyMemory<byte> Line, string Hash)> e = ArchiveFile.ReadLines(path).GetEnumerator();
            CorruptArchiveException? error = null;
            while (attempts++ < 1000)
            {
                try
                {
                    if (!e.MoveNext())
                    {
                        return (lines, error);
                    }

                    Assert.Null(error); // nothing may follow an error
                    lines.Add(System.Text.Encoding.UTF8.GetString(e.Current.Line.Span));
                }
                catch (CorruptArchiveException ex)
                {
                    Assert.Null(error); // one error, then the enumeration is over
                    error = ex;
                }
            }

            throw new Xunit.Sdk.XunitException("the archive enumeration did not end");
        }).WaitAsync(Deadline);
    }

    public static TheoryData<int> CutPoints()
    {
        var data = new TheoryData<int>();
        for (int cut = 1; cut < 119; cut++)
        {
            data.Add(cut);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public async Task Truncated_golden_archive_fails_once_with_the_file_named_or_ends_at_a_frame_boundary(int cut)
    {
        byte[] golden = Golden;
        Assert.Equal(119, golden.Length);
        File.WriteAllBytes(ArchivePath, golden[..cut]);

        (List<string> lines, CorruptArchiveException? error) = await ReadWithDeadline(ArchivePath);

        string[] expected = ArchiveFileTests.GoldenArchive.Select(l => l.Line).ToArray();
        Assert.Equal(expected[..lines.Count], lines); // whatever was yielded is a correct prefix
        if (cut == 72)
        {
            Assert.Null(error); // exactly the first frame: a valid, shorter archive
            Assert.Equal(3, lines.Count);
        }
        else
        {
            Assert.NotNull(error);
            Assert.Equal(ArchivePath, error.FilePath);
            Assert.Contains(ArchivePath, error.Message);
        }
    }

    [Fact]
    public async Task Garbage_file_fails_once()
    {
        var random = new Random(42);
        byte[] garbage = new byte[4096];
        random.NextBytes(garbage);
        File.WriteAllBytes(ArchivePath, garbage);

        (List<string> lines, CorruptArchiveException? error) = await ReadWithDeadline(ArchivePath);

        Assert.Empty(lines);
        Assert.NotNull(error);
        Assert.Equal(ArchivePath, error.FilePath);
    }

    [Fact]
    public async Task Garbage_after_valid_frames_yields_the_valid_lines_then_fails_once()
    {
        File.WriteAllBytes(ArchivePath, [.. Golden, .. "this is not zstd at all, just text\n"u8]);

        (List<string> lines, CorruptArchiveException? error) = await ReadWithDeadline(ArchivePath);

        Assert.Equal(ArchiveFileTests.GoldenArchive.Select(l => l.Line), lines);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(100)]
    public async Task Flipped_byte_inside_a_frame_never_hangs(int position)
    {
        byte[] damaged = Golden;
        damaged[position] ^= 0xFF;
        File.WriteAllBytes(ArchivePath, damaged);

        (List<string> lines, CorruptArchiveException? error) = await ReadWithDeadline(ArchivePath);

        // Without checksums a flipped literal byte can decode "successfully" to different text; what matters is
        // that the read ends, with at most one error, and never yields more lines than the archive holds.
        Assert.True(lines.Count <= 4);
        Assert.True(error is null || error.FilePath == ArchivePath);
    }

    [Fact]
    public async Task A_view_replaying_a_truncated_archive_fails_quickly_with_the_typed_error()
    {
        Views.TestLogs.CopyGoldenLog(dir.Path);
        File.WriteAllBytes(ArchivePath, Golden[..100]);
        View<ulong> counter = Views.TestLogs.Counter(dir.Combine("views"));

        var error = await Assert.ThrowsAsync<CorruptArchiveException>(() => Task.Run(() => counter.Rebuild(new EventReader(dir.Path))).WaitAsync(Deadline));

        Assert.Equal(ArchivePath, error.FilePath);
        Assert.Equal(0UL, counter.State);
    }

    [Fact]
    public async Task Damage_anywhere_in_a_single_block_frame_we_wrote_is_detected_or_harmless()
    {
        string[] lines = Enumerable.Range(0, 40).Select(i => $"{{\"type\":\"t{i % 3}\",\"data\":{{\"i\":{i}}},\"ts\":{1000 + i}}}").ToArray();
        byte[] frame = ArchiveFile.CompressFrame(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        int detected = 0;

        for (int position = 0; position < frame.Length; position++)
        {
            byte[] damaged = (byte[])frame.Clone();
            damaged[position] ^= 0x04;
            File.WriteAllBytes(ArchivePath, damaged);

            (List<string> read, CorruptArchiveException? error) = await ReadWithDeadline(ArchivePath);

            // The content checksum turns silent corruption into an error; a flip the decoder does not depend on
            // (e.g. a larger window size) may decode to exactly the original lines, which is fine.
            Assert.Equal(lines[..read.Count], read);
            if (error is null)
            {
                Assert.Equal(lines.Length, read.Count);
            }
            else
            {
                detected++;
            }
        }

        Assert.True(detected > frame.Length / 2);
    }
}
