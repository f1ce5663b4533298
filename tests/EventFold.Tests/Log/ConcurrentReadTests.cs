using System.Text;

namespace EventFold.Tests.Log;

public sealed class ConcurrentReadTests
{
    /// <summary>A reader tailing a log while batches are appended only ever sees whole batches, in order.</summary>
    [Fact]
    public async Task Tailing_reader_sees_only_whole_batches_in_order()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, new EventWriterOptions { Durability = Durability.Buffered });
        const int Batches = 300;
        var appender = Task.Run(() =>
        {
            for (int b = 0; b < Batches; b++)
            {
                int size = 1 + (b % 7);
                string pad = new('p', (b % 5) * 3000); // some batches are large writes
                writer.AppendBatch(Enumerable.Range(0, size)
                    .Select(k => new Event("b", Encoding.UTF8.GetBytes($"{{\"b\":{b},\"k\":{k},\"n\":{size},\"pad\":\"{pad}\"}}"), (ulong)b))
                    .ToList());
            }
        });

        var reader = new EventReader(tmp.Path);
        long offset = 0;
        int expectedBatch = 0;
        while (expectedBatch < Batches)
        {
            var records = reader.ReadFrom(offset).ToList();
            int i = 0;
            while (i < records.Count)
            {
                var first = records[i].Event.DataElement();
                int n = first.GetProperty("n").GetInt32();
                Assert.Equal(expectedBatch, first.GetProperty("b").GetInt32());
                Assert.True(i + n <= records.Count, $"batch {expectedBatch} was split across reads");
                for (int k = 0; k < n; k++)
                {
                    var data = records[i + k].Event.DataElement();
                    Assert.Equal((expectedBatch, k), (data.GetProperty("b").GetInt32(), data.GetProperty("k").GetInt32()));
                }

                i += n;
                expectedBatch++;
            }

            if (records.Count > 0)
            {
                Assert.Equal(offset, records[0].StartOffset);
                offset = records[^1].EndOffset;
            }

            if (appender.IsFaulted)
            {
                await appender;
            }
        }

        await appender;
        Assert.Equal(writer.ActiveLogSize, offset);
    }

    [Fact]
    public void ReadFull_reports_a_bad_archived_line_as_CorruptArchiveException()
    {
        using var tmp = new TempDir();
        using (var writer = EventWriter.Open(tmp.Path))
        {
            writer.Append(LogTestData.Numbered(1));
        }

        string archive = Path.Combine(tmp.Path, "archive.jsonl.zst");
        ArchiveFile.AppendFrame(archive, ArchiveFile.CompressFrame("{\"type\":\"ok\",\"data\":{},\"ts\":1}\nnot an event\n"u8), 0);
        var reader = new EventReader(tmp.Path);
        var seen = new List<HistoryRecord>();
        var ex = Assert.Throws<CorruptArchiveException>(() =>
        {
            foreach (HistoryRecord h in reader.ReadFull())
            {
                seen.Add(h);
            }
        });
        Assert.Equal(archive, ex.FilePath);
        Assert.Equal("ok", Assert.Single(seen).Event.Type);
        Assert.True(seen[0].Archived);
    }
}
