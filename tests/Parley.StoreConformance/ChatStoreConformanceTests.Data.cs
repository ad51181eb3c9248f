using System.Globalization;
using System.Text.Json;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.StoreConformance;

// Test data builders and assertions shared by every part of the suite.
public abstract partial class ChatStoreConformanceTests
{
    /// <summary>The owner most tests use.</summary>
    protected const string Alice = "usr_alice";

    /// <summary>A second owner, for isolation tests.</summary>
    protected const string Bob = "usr_bob";

    /// <summary>The base time of the test data: UTC, millisecond precision.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private int _nextId;

    /// <summary>A new id with a type prefix; ids of one test sort in creation order.</summary>
    /// <param name="prefix">The type prefix, for example <c>thr</c>.</param>
    protected string NewId(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _nextId):D6}");

    /// <summary>A thread record that is not stored yet.</summary>
    protected ThreadRecord NewThread(string ownerId = Alice, string? clientId = null, string? name = null, DateTimeOffset? updatedAt = null) => new()
    {
        Id = NewId("thr"),
        OwnerId = ownerId,
        ClientId = clientId,
        Name = name,
        CreatedAt = T0,
        UpdatedAt = updatedAt ?? T0,
    };

    /// <summary>Creates and stores a thread without an initial run.</summary>
    protected async Task<ThreadRecord> CreateThreadAsync(string ownerId = Alice, string? clientId = null, string? name = null, DateTimeOffset? updatedAt = null) =>
        await Store.CreateThreadAsync(NewThread(ownerId, clientId, name, updatedAt), null, Ct);

    /// <summary>A run record.</summary>
    protected RunRecord NewRun(string threadId, RunStatus status = RunStatus.Queued, DateTimeOffset? createdAt = null, string? clientId = null, string? id = null) => new()
    {
        Id = id ?? NewId("run"),
        ThreadId = threadId,
        Trigger = RunTrigger.Message,
        Status = status,
        ClientId = clientId,
        CreatedAt = createdAt ?? T0,
    };

    /// <summary>An assistant message.</summary>
    protected AssistantMessage Assistant(ItemStatus status = ItemStatus.Completed, string content = "Hello", string? id = null) => new()
    {
        Id = id ?? NewId("itm"),
        Status = status,
        CreatedAt = T0,
        RunId = "run_x",
        Content = content,
    };

    /// <summary>A user message.</summary>
    protected UserMessage User(string content = "Hi", string? clientId = null, string? id = null) => new()
    {
        Id = id ?? NewId("itm"),
        Status = ItemStatus.Completed,
        CreatedAt = T0,
        Content = content,
        ClientId = clientId,
    };

    /// <summary>An ask item.</summary>
    protected AskItem Ask(ItemStatus status = ItemStatus.Pending, string? id = null) => new()
    {
        Id = id ?? NewId("itm"),
        Status = status,
        CreatedAt = T0,
        RunId = "run_x",
        Content = "What is your order number?",
    };

    /// <summary>A step item.</summary>
    protected StepItem Step(ItemStatus status = ItemStatus.InProgress, string? id = null) => new()
    {
        Id = id ?? NewId("itm"),
        Status = status,
        CreatedAt = T0,
        RunId = "run_x",
        Name = "lookup",
        Kind = StepKind.Tool,
    };

    /// <summary>Parses a JSON object into a metadata dictionary.</summary>
    /// <param name="json">A JSON object.</param>
    protected static IReadOnlyDictionary<string, JsonElement> Json(string json) =>
        JsonSerializer.Deserialize(json, ParleyJson.Metadata) ?? throw new ArgumentException("null JSON", nameof(json));

    /// <summary>An event as the store writer would store it: serialized with its seq.</summary>
    protected static StoredEvent Stored(ThreadEvent e) => new(e.ThreadId, e.Seq, ParleyJson.SerializeEvent(e));

    /// <summary>An <c>item.added</c> event.</summary>
    protected static StoredEvent Added(string threadId, long seq, ChatItem item) =>
        Stored(new ItemAddedEvent { ThreadId = threadId, Seq = seq, At = T0, Item = item });

    /// <summary>An <c>item.delta</c> event.</summary>
    protected static StoredEvent Delta(string threadId, long seq, string itemId = "itm_delta", string text = "x") =>
        Stored(new ItemDeltaEvent { ThreadId = threadId, Seq = seq, At = T0, ItemId = itemId, Field = ItemField.Content, Offset = 0, Text = text });

    /// <summary><paramref name="count"/> delta events with consecutive seqs from <paramref name="firstSeq"/>.</summary>
    protected static StoredEvent[] Deltas(string threadId, long firstSeq, int count) =>
        Enumerable.Range(0, count).Select(i => Delta(threadId, firstSeq + i, text: $"t{firstSeq + i}")).ToArray();

    /// <summary>Commits a batch with the test's token.</summary>
    protected ValueTask CommitAsync(StoreBatch batch) => Store.CommitAsync(batch, Ct);

    /// <summary>
    /// Appends items to a thread the way the runtime does: one <c>item.added</c> per item after the
    /// thread's last seq, and the item with that seq as its position.
    /// </summary>
    /// <returns>The positions given to the items.</returns>
    protected async Task<long[]> AddItemsAsync(string threadId, params ChatItem[] items)
    {
        var last = await Store.GetLastSeqAsync(threadId, Ct);
        var positions = items.Select((_, i) => last + 1 + i).ToArray();
        await CommitAsync(new StoreBatch
        {
            Events = items.Select((item, i) => Added(threadId, positions[i], item)).ToList(),
            Items = items.Select((item, i) => new ItemRecord(threadId, item, positions[i])).ToList(),
        });
        return positions;
    }

    /// <summary>Stores runs.</summary>
    protected ValueTask AddRunsAsync(params RunRecord[] runs) => CommitAsync(new StoreBatch { Runs = runs });

    /// <summary>Asserts that an item read back is the same as the one written: same type, same JSON.</summary>
    protected static void AssertSameItem(ChatItem expected, ChatItem? actual)
    {
        Assert.NotNull(actual);
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(ParleyJson.SerializeItem(expected), ParleyJson.SerializeItem(actual));
    }

    /// <summary>Asserts two item lists hold the same items in the same order.</summary>
    protected static void AssertSameItems(IEnumerable<ChatItem> expected, IEnumerable<ChatItem> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.Equal(e.Select(i => i.Id), a.Select(i => i.Id));
        for (var i = 0; i < e.Count; i++)
        {
            AssertSameItem(e[i], a[i]);
        }
    }

    /// <summary>Asserts that a thread read back equals the one written; dictionaries compare by JSON text.</summary>
    protected static void AssertSameThread(ThreadRecord expected, ThreadRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected, ParleyJson.ThreadRecord), JsonSerializer.Serialize(actual, ParleyJson.ThreadRecord));
        Assert.Equal(expected with { Metadata = actual.Metadata, Session = actual.Session, Settings = actual.Settings }, actual);
    }

    /// <summary>Asserts two run lists hold equal runs in the same order.</summary>
    protected static void AssertSameRuns(IEnumerable<RunRecord> expected, IEnumerable<RunRecord> actual) =>
        Assert.Equal(expected.ToList(), actual.ToList());

    /// <summary>Reads a thread's whole log.</summary>
    protected async Task<IReadOnlyList<StoredEvent>> ReadAllEventsAsync(string threadId) =>
        await Store.ReadEventsAsync(threadId, 0, int.MaxValue, Ct);

    /// <summary>Reads all of an owner's threads, page by page, checking each page's shape.</summary>
    protected async Task<List<ThreadRecord>> ListAllThreadsAsync(string ownerId, int pageSize = 100, string? search = null)
    {
        var all = new List<ThreadRecord>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await Store.ListThreadsAsync(new ThreadQuery { OwnerId = ownerId, Limit = pageSize, Cursor = cursor, Search = search }, Ct);
            Assert.True(page.Threads.Count <= pageSize, "A page holds at most Limit threads.");
            all.AddRange(page.Threads);
            if (page.NextCursor is null)
            {
                return all;
            }

            cursor = page.NextCursor;
        }

        throw new InvalidOperationException("Paging does not end.");
    }
}
