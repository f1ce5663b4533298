using System.Text;

namespace EventFold.Tests.Log;

public sealed class CorruptLogTests
{
    private const string Good = "{\"type\":\"ok\",\"data\":{},\"ts\":1}\n";

    public static TheoryData<string> BadLines => new()
    {
        "{\"type\":\"a\",\"da",
        "not json",
        "   ",
        "{\"data\":{},\"ts\":1}",
        "{\"type\":\"a\",\"data\":{},\"ts\":1.0}",
        "{\"type\":\"a\",\"data\":{},\"ts\":-1}",
        "{\"type\":\"a\",\"data\":{},\"ts\":\"1\"}",
        "{\"type\":\"a\",\"data\":{},\"ts\":1}\r",
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_complete_line_raises_CorruptLogException_with_file_and_line_offset(string bad)
    {
        using var tmp = new TempDir();
        string log = tmp.Combine("app.jsonl");
        LogTestData.AppendRaw(log, Good + bad + "\n" + Good);
        var reader = new EventReader(tmp.Path);
        var seen = new List<Event>();
        var ex = Assert.Throws<CorruptLogException>(() =>
        {
            foreach (EventRecord r in reader.ReadFrom(0))
            {
                seen.Add(r.Event);
            }
        });
        Assert.Equal(log, ex.FilePath);
        Assert.Equal(Good.Length, ex.Offset);
        Assert.Contains(log, ex.Message);
        Assert.Contains($"offset {Good.Length}", ex.Message);
        Assert.Single(seen);
    }

    [Fact]
    public void Invalid_utf8_raises_CorruptLogException()
    {
        using var tmp = new TempDir();
        string log = tmp.Combine("app.jsonl");
        LogTestData.AppendRaw(log, [.. Encoding.UTF8.GetBytes(Good), .. "{\"type\":\""u8, 0xC3, 0x28, .. "\",\"data\":{},\"ts\":1}\n"u8]);
        var ex = Assert.Throws<CorruptLogException>(() => new EventReader(tmp.Path).ReadFrom(0).ToList());
        Assert.Equal(Good.Length, ex.Offset);
        Assert.Contains("UTF-8", ex.Reason);
    }

    [Fact]
    public void Corrupt_line_in_the_middle_is_not_treated_as_a_torn_tail_by_the_writer()
    {
        using var tmp = new TempDir();
        string log = tmp.Combine("app.jsonl");
        LogTestData.AppendRaw(log, Good + "garbage\n");
        using var writer = EventWriter.Open(tmp.Path);
        Assert.Equal(0, writer.RepairedBytes);
        Assert.Equal(Good.Length + 8, writer.ActiveLogSize);
    }
}
