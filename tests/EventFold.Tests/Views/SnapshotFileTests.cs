using System.Text;
using EventFold.Tests.Fixtures;

namespace EventFold.Tests.Views;

public sealed class SnapshotFileTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string SnapshotPath => dir.Combine("v.snapshot.json");

    [Fact]
    public void Save_writes_the_exact_bytes_of_the_rust_golden_snapshot()
    {
        byte[] golden = File.ReadAllBytes(Path.Combine(Vectors.GoldenLog, "views", "counter.snapshot.json"));

        SnapshotFile.Save(SnapshotPath, new Snapshot<ulong>(5, 38, "397e7efcb3bedc95"));

        Assert.Equal(golden, File.ReadAllBytes(SnapshotPath));
        Assert.Equal("{\n  \"state\": 5,\n  \"offset\": 38,\n  \"hash\": \"397e7efcb3bedc95\"\n}", Encoding.UTF8.GetString(golden));
    }

    [Fact]
    public void A_save_that_fails_after_writing_its_tmp_file_removes_it()
    {
        // The rename fails: a non-empty directory stands where the snapshot goes (a full disk fails the write instead).
        Directory.CreateDirectory(Path.Combine(SnapshotPath, "blocker"));

        Assert.ThrowsAny<IOException>(() => SnapshotFile.Save(SnapshotPath, new Snapshot<ulong>(5, 38, "397e7efcb3bedc95")));

        Assert.False(File.Exists(SnapshotPath + ".tmp"));
    }

    [Fact]
    public void TryLoad_reads_the_rust_golden_snapshot()
    {
        Snapshot<ulong>? snapshot = SnapshotFile.TryLoad<ulong>(Path.Combine(Vectors.GoldenLog, "views", "counter.snapshot.json"));

        Assert.Equal(new Snapshot<ulong>(5, 38, "397e7efcb3bedc95"), snapshot);
    }

    private sealed record Inner(string Label, int[] Values, Dictionary<string, bool> Flags);

    private sealed record Nested(int Count, Inner Child, List<string> Empty, Inner? Missing);

    [Fact]
    public void Nested_state_is_laid_out_like_serde_json_to_string_pretty()
    {
        var state = new Nested(2, new Inner("a\"b\\c\n\u0001é😀/", [1, 2], new() { ["x"] = true }), [], null);

        SnapshotFile.Save(SnapshotPath, new Snapshot<Nested>(state, 7, ""));

        // What serde_json::to_string_pretty prints for the equivalent Rust struct (fields in declaration order).
        string expected = """
            {
              "state": {
                "Count": 2,
                "Child": {
                  "Label": "a\"b\\c\n\u0001é😀/",
                  "Values": [
                    1,
                    2
                  ],
                  "Flags": {
                    "x": true
                  }
                },
                "Empty": [],
                "Missing": null
              },
              "offset": 7,
              "hash": ""
            }
            """;
        Assert.Equal(expected, Encoding.UTF8.GetString(File.ReadAllBytes(SnapshotPath)));
        Snapshot<Nested>? loaded = SnapshotFile.TryLoad<Nested>(SnapshotPath);
        Assert.NotNull(loaded);
        Assert.Equal(state.Child.Label, loaded.State.Child.Label);
        Assert.Equal([1, 2], loaded.State.Child.Values);
    }

    [Fact]
    public void Empty_object_state_is_written_as_braces()
    {
        SnapshotFile.Save(SnapshotPath, new Snapshot<Dictionary<string, int>>([], 0, ""));

        Assert.Equal("{\n  \"state\": {},\n  \"offset\": 0,\n  \"hash\": \"\"\n}", File.ReadAllText(SnapshotPath));
    }

    [Fact]
    public void Round_trip_preserves_large_state_and_large_offset()
    {
        var state = Enumerable.Range(0, 1000).Select(i => $"item-{i}").ToList();
        var snapshot = new Snapshot<List<string>>(state, long.MaxValue / 2, "abcdef0123456789");

        SnapshotFile.Save(SnapshotPath, snapshot);
        Snapshot<List<string>>? loaded = SnapshotFile.TryLoad<List<string>>(SnapshotPath);

        Assert.NotNull(loaded);
        Assert.Equal(state, loaded.State);
        Assert.Equal(snapshot.Offset, loaded.Offset);
        Assert.Equal(snapshot.Hash, loaded.Hash);
    }

    [Fact]
    public void Save_leaves_no_tmp_file_and_overwrites()
    {
        SnapshotFile.Save(SnapshotPath, new Snapshot<int>(1, 10, "h1"));
        SnapshotFile.Save(SnapshotPath, new Snapshot<int>(2, 20, "h2"));

        Assert.False(File.Exists(SnapshotPath + ".tmp"));
        Assert.Equal(new Snapshot<int>(2, 20, "h2"), SnapshotFile.TryLoad<int>(SnapshotPath));
    }

    [Fact]
    public void Missing_file_loads_as_null()
    {
        Assert.Null(SnapshotFile.TryLoad<int>(SnapshotPath));
        Assert.Null(SnapshotFile.TryLoad<int>(dir.Combine("no-such-dir", "x.snapshot.json")));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\n  \"state\": 5,\n  \"offset\": 3")]
    [InlineData("")]
    [InlineData("[5, 38, \"h\"]")]
    [InlineData("{\"state\": 5, \"offset\": 38}")]
    [InlineData("{\"state\": 5, \"hash\": \"h\"}")]
    [InlineData("{\"offset\": 38, \"hash\": \"h\"}")]
    [InlineData("{\"state\": \"five\", \"offset\": 38, \"hash\": \"h\"}")]
    [InlineData("{\"state\": 5, \"offset\": -1, \"hash\": \"h\"}")]
    [InlineData("{\"state\": 5, \"offset\": 38.5, \"hash\": \"h\"}")]
    [InlineData("{\"state\": 5, \"offset\": \"38\", \"hash\": \"h\"}")]
    [InlineData("{\"state\": 5, \"offset\": 38, \"hash\": 7}")]
    [InlineData("{\"state\": 5, \"offset\": 38, \"hash\": \"h\", \"hash\": \"h\"}")]
    [InlineData("{\"state\": 5, \"offset\": 38, \"hash\": \"h\"} trailing")]
    [InlineData("{\"state\": 5, \"offset\": 18446744073709551615, \"hash\": \"h\"}")]
    public void Unusable_content_loads_as_null(string content)
    {
        File.WriteAllText(SnapshotPath, content);

        Assert.Null(SnapshotFile.TryLoad<int>(SnapshotPath));
    }

    [Fact]
    public void Invalid_utf8_loads_as_null()
    {
        File.WriteAllBytes(SnapshotPath, [.. "{\"state\": 5, \"offset\": 38, \"hash\": \""u8, 0xFF, 0xFE, .. "\"}"u8]);

        Assert.Null(SnapshotFile.TryLoad<int>(SnapshotPath));
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_key_order_is_free()
    {
        File.WriteAllText(SnapshotPath, "{\"extra\": [1], \"hash\": \"h\", \"offset\": 38, \"state\": 5}");

        Assert.Equal(new Snapshot<int>(5, 38, "h"), SnapshotFile.TryLoad<int>(SnapshotPath));
    }

    [Fact]
    public void Delete_removes_file_and_tmp_and_is_idempotent()
    {
        SnapshotFile.Save(SnapshotPath, new Snapshot<int>(1, 1, "h"));
        File.WriteAllText(SnapshotPath + ".tmp", "partial");

        SnapshotFile.Delete(SnapshotPath);
        SnapshotFile.Delete(SnapshotPath);
        SnapshotFile.Delete(dir.Combine("no-such-dir", "x.snapshot.json"));

        Assert.False(File.Exists(SnapshotPath));
        Assert.False(File.Exists(SnapshotPath + ".tmp"));
    }

    [Fact]
    public void Stray_tmp_file_is_ignored_by_load()
    {
        SnapshotFile.Save(SnapshotPath, new Snapshot<int>(3, 30, "h"));
        File.WriteAllText(SnapshotPath + ".tmp", "{\"state\": 99, \"offset\": 1, \"hash\": \"x\"}");

        Assert.Equal(new Snapshot<int>(3, 30, "h"), SnapshotFile.TryLoad<int>(SnapshotPath));
    }
}
