using System.Text;
using EventFold.Tests.Fixtures;

namespace EventFold.Tests.Archive;

public sealed class ArchiveFileTests : IDisposable
{
    internal static readonly (string Line, string Hash)[] GoldenArchive =
    [
        ("{\"type\":\"a\",\"data\":{\"n\":1},\"ts\":1000}", "1db2a76a3b904eb2"),
        ("{\"type\":\"b\",\"data\":{\"n\":2},\"ts\":1001}", "ca13b93a62d1d906"),
        ("{\"type\":\"c\",\"data\":{\"n\":3},\"ts\":1002}", "f295bb6abc7d5a66"),
        ("{\"type\":\"d\",\"data\":{\"n\":4},\"ts\":1003}", "e49f58d8ad841980"),
    ];

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string ArchivePath => dir.Combine(ArchiveFile.FileName);

    internal static List<(string Line, string Hash)> ReadAll(string archivePath) =>
        ArchiveFile.ReadLines(archivePath).Select(l => (Encoding.UTF8.GetString(l.Line.Span), l.Hash)).ToList();

    [Fact]
    public void Reads_the_two_frames_of_the_rust_golden_archive_as_one_stream()
    {
        Assert.Equal(GoldenArchive, ReadAll(Path.Combine(Vectors.GoldenLog, ArchiveFile.FileName)));
    }

    [Fact]
    public void Missing_archive_yields_nothing()
    {
        Assert.Empty(ReadAll(ArchivePath));
    }

    [Fact]
    public void Appended_frames_read_back_in_order_across_frame_boundaries()
    {
        byte[] first = Encoding.UTF8.GetBytes("{\"type\":\"x\",\"data\":1,\"ts\":1}\n{\"type\":\"y\",\"data\":2,\"ts\":2}\n");
        byte[] second = Encoding.UTF8.GetBytes("{\"type\":\"z\",\"data\":3,\"ts\":3}\n");
        byte[] frame1 = ArchiveFile.CompressFrame(first);
        byte[] frame2 = ArchiveFile.CompressFrame(second);

        ArchiveFile.AppendFrame(ArchivePath, frame1, 0);
        ArchiveFile.AppendFrame(ArchivePath, frame2, frame1.Length);

        Assert.Equal(frame1.Length + frame2.Length, new FileInfo(ArchivePath).Length);
        Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, frame2[..4]);
        Assert.Equal(
            ["{\"type\":\"x\",\"data\":1,\"ts\":1}", "{\"type\":\"y\",\"data\":2,\"ts\":2}", "{\"type\":\"z\",\"data\":3,\"ts\":3}"],
            ReadAll(ArchivePath).Select(l => l.Line));
        Assert.All(ReadAll(ArchivePath), l => Assert.Equal(LineHash.Compute(Encoding.UTF8.GetBytes(l.Line)), l.Hash));
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_and_empty_lines_are_handled()
    {
        string big = "{\"type\":\"big\",\"data\":\"" + new string('q', 200_000) + "\",\"ts\":1}";
        ArchiveFile.AppendFrame(ArchivePath, ArchiveFile.CompressFrame(Encoding.UTF8.GetBytes(big + "\n\n" + big + "\n")), 0);

        List<(string Line, string Hash)> lines = ReadAll(ArchivePath);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(big, l.Line));
    }

    [Fact]
    public void Appending_at_a_stale_length_is_refused_without_writing()
    {
        ArchiveFile.AppendFrame(ArchivePath, ArchiveFile.CompressFrame("{}\n"u8), 0);
        long length = new FileInfo(ArchivePath).Length;

        var error = Assert.Throws<CorruptArchiveException>(() => ArchiveFile.AppendFrame(ArchivePath, ArchiveFile.CompressFrame("{}\n"u8), 0));

        Assert.Equal(ArchivePath, error.FilePath);
        Assert.Equal(length, new FileInfo(ArchivePath).Length);
    }

    [Fact]
    public void A_pending_rotation_journal_hides_the_uncommitted_frame_while_app_jsonl_still_holds_its_events()
    {
        byte[] line = "{\"type\":\"new\",\"data\":0,\"ts\":0}"u8.ToArray();
        byte[] frame1 = ArchiveFile.CompressFrame("{\"type\":\"old\",\"data\":0,\"ts\":0}\n"u8);
        byte[] frame2 = ArchiveFile.CompressFrame([.. line, (byte)'\n']);
        ArchiveFile.AppendFrame(ArchivePath, frame1, 0);
        File.WriteAllBytes(dir.Combine("app.jsonl"), [.. line, (byte)'\n']);
        new RotationJournal(frame1.Length, frame2.Length, line.Length + 1, LineHash.Compute(line)).Write(dir.Path);

        ArchiveFile.AppendFrame(ArchivePath, frame2[..(frame2.Length / 2)], frame1.Length);
        Assert.Equal(["{\"type\":\"old\",\"data\":0,\"ts\":0}"], ReadAll(ArchivePath).Select(l => l.Line));

        ArchiveFile.Truncate(ArchivePath, frame1.Length);
        ArchiveFile.AppendFrame(ArchivePath, frame2, frame1.Length);
        Assert.Equal(["{\"type\":\"old\",\"data\":0,\"ts\":0}"], ReadAll(ArchivePath).Select(l => l.Line));

        // Truncated but the journal not yet deleted: the frame is now the only home of the event.
        File.WriteAllBytes(dir.Combine("app.jsonl"), []);
        Assert.Equal(
            ["{\"type\":\"old\",\"data\":0,\"ts\":0}", "{\"type\":\"new\",\"data\":0,\"ts\":0}"],
            ReadAll(ArchivePath).Select(l => l.Line));
    }

    [Fact]
    public void Written_frames_are_standard_zstd_readable_by_a_plain_decompressor()
    {
        byte[] payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"{{\"type\":\"t\",\"data\":{i},\"ts\":{i}}}\n")));

        using var decompressor = new ZstdSharp.Decompressor();

        Assert.Equal(payload, decompressor.Unwrap(ArchiveFile.CompressFrame(payload)).ToArray());
    }
}
