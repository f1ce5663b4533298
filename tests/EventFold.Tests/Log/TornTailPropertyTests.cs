using CsCheck;

namespace EventFold.Tests.Log;

public sealed class TornTailPropertyTests
{
    /// <summary>
    /// A log cut at any byte of its last batch reopens with exactly the complete batches (a batch missing only its final
    /// LF counts as complete: the writer restores the LF) and accepts new appends that read back correctly.
    /// </summary>
    [Fact]
    public void Log_cut_anywhere_in_last_batch_reopens_with_complete_batches_only()
    {
        var batchSizes = Gen.Int[1, 4].List[1, 4];
        var gen = Gen.Select(batchSizes, Gen.Int[1, 4], Gen.Double[0, 1]);
        gen.Sample((sizes, lastSize, cutFraction) =>
        {
            using var tmp = new TempDir();
            string log = Path.Combine(tmp.Path, "app.jsonl");
            int n = 0;
            var committed = new List<int>();
            long committedEnd;
            string committedHash;
            long fullLength;
            string fullHash;
            using (var writer = EventWriter.Open(tmp.Path, new EventWriterOptions { Durability = Durability.Buffered }))
            {
                foreach (int size in sizes)
                {
                    writer.AppendBatch(Enumerable.Range(n, size).Select(i => LogTestData.Numbered(i)).ToList());
                    committed.AddRange(Enumerable.Range(n, size));
                    n += size;
                }

                committedEnd = writer.ActiveLogSize;
                committedHash = writer.LastLineHash;
                var last = writer.AppendBatch(Enumerable.Range(n, lastSize).Select(i => LogTestData.Numbered(i)).ToList());
                (fullLength, fullHash) = (last.EndOffset, last.LineHash);
            }

            // Every cut strictly inside the last batch: [committedEnd, fullLength).
            long cut = committedEnd + (long)(cutFraction * (fullLength - committedEnd));
            cut = Math.Min(cut, fullLength - 1);
            using (var handle = UnixNative.OpenOrCreateReadWrite(log))
            {
                RandomAccess.SetLength(handle, cut);
            }

            Assert.Equal(committed, new EventReader(tmp.Path).ReadFrom(0).Select(r => r.Event.DataInt()));
            using var reopened = EventWriter.Open(tmp.Path);
            if (cut == fullLength - 1)
            {
                committed.AddRange(Enumerable.Range(n, lastSize));
                (committedEnd, committedHash) = (fullLength, fullHash);
            }

            Assert.Equal(committedEnd, reopened.ActiveLogSize);
            Assert.Equal(committedHash, reopened.LastLineHash);
            Assert.Equal(Math.Max(0, cut - committedEnd), reopened.RepairedBytes);
            reopened.AppendBatchIf([LogTestData.Numbered(1000), LogTestData.Numbered(1001)], committedEnd, committedHash);
            Assert.Equal([.. committed, 1000, 1001], reopened.Reader.ReadFrom(0).Select(r => r.Event.DataInt()));
        }, iter: 150);
    }

    [Fact]
    public void Every_cut_offset_of_a_three_event_batch()
    {
        using var template = new TempDir();
        long committedEnd, fullLength;
        using (var writer = EventWriter.Open(template.Path))
        {
            writer.Append(LogTestData.Numbered(0));
            committedEnd = writer.ActiveLogSize;
            fullLength = writer.AppendBatch([LogTestData.Numbered(1), LogTestData.Numbered(2), LogTestData.Numbered(3)]).EndOffset;
        }

        byte[] bytes = LogTestData.ReadAllBytes(Path.Combine(template.Path, "app.jsonl"));
        for (long cut = committedEnd; cut <= fullLength; cut++)
        {
            using var tmp = new TempDir();
            File.WriteAllBytes(Path.Combine(tmp.Path, "app.jsonl"), bytes[..(int)cut]);
            int[] expected = cut == fullLength ? [0, 1, 2, 3] : [0];
            Assert.Equal(expected, new EventReader(tmp.Path).ReadFrom(0).Select(r => r.Event.DataInt()));
            using var writer = EventWriter.Open(tmp.Path);
            bool complete = cut >= fullLength - 1; // only the final LF missing: the writer restores it
            expected = complete ? [0, 1, 2, 3] : [0];
            Assert.Equal(complete ? fullLength : committedEnd, writer.ActiveLogSize);
            writer.Append(LogTestData.Numbered(9));
            Assert.Equal([.. expected, 9], writer.Reader.ReadFrom(0).Select(r => r.Event.DataInt()));
        }
    }
}
