using System.Text.Json;
using Parley.Testing;

namespace Parley.Tests.Settings;

public sealed class SettingsRuntimeTests
{
    private static readonly ChatSetting[] Schema =
    [
        new SelectSetting { Id = "model", Options = [new("small"), new("large")] },
        new SwitchSetting { Id = "stream" },
    ];

    [Fact]
    public async Task UpdateSettingsAsync_ValidChange_StoredThenSettingsRunSeesValuesAndChanged()
    {
        SettingsUpdate? seen = null;
        RunTrigger? trigger = null;
        var script = new AppScript
        {
            ChatStart = chat => chat.SetSettingsSchemaAsync(Schema),
            SettingsUpdate = async (chat, update) =>
            {
                seen = update;
                trigger = chat.Run.Trigger;
                await chat.SayAsync("model is " + chat.Settings.GetString("model"));
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        var thread = await harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("model", "\"large\""), ("stream", "false")), CancellationToken.None);
        await events.WaitForRunFinishedAsync(2);

        Assert.Equal("large", thread.Settings!["model"].GetString());
        Assert.NotNull(seen);
        Assert.Equal(["model"], seen.Changed);
        Assert.Equal("large", seen.Values.GetString("model"));
        Assert.Equal(RunTrigger.Settings, trigger);
        Assert.Equal("model is large", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
        Assert.Contains(events.Events, e => e is ThreadUpdatedEvent { Thread.Settings: { } s } && s["model"].GetString() == "large");
        var stored = await harness.Store.GetThreadAsync(threadId, CancellationToken.None);
        Assert.Equal("large", stored!.Settings!["model"].GetString());
        Assert.Equal(2, stored.SettingsSchema!.Count);
    }

    [Fact]
    public async Task UpdateSettingsAsync_InvalidValue_RefusedAndNothingChanges()
    {
        var script = new AppScript { ChatStart = chat => chat.SetSettingsSchemaAsync(Schema) };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        var before = (await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None)).LastSeq;

        var unknown = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("nope", "1")), CancellationToken.None));
        var wrong = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("model", "\"medium\"")), CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.UpdateSettingsAsync(harness.User, threadId, null, CancellationToken.None));
        var stranger = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.UpdateSettingsAsync(new ChatUser { Id = "usr_other" }, threadId, Values(("model", "\"large\"")), CancellationToken.None));

        Assert.Equal("values.nope", unknown.Field);
        Assert.Equal("values.model", wrong.Field);
        Assert.Equal("values", missing.Field);
        Assert.Equal(ChatErrorCodes.ThreadNotFound, stranger.Code);
        var after = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal(before, after.LastSeq);
        Assert.Equal("small", after.Thread.Settings!["model"].GetString());
        Assert.Equal(0, script.Hooks.Count("SettingsUpdate"));
    }

    [Fact]
    public async Task UpdateSettingsAsync_NoSchema_Refused()
    {
        await using var harness = await RuntimeHarness.StartAsync();
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var refusal = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("model", "\"large\"")), CancellationToken.None));

        Assert.Equal("values", refusal.Field);
    }

    [Fact]
    public async Task UpdateSettingsAsync_SameValues_NoRun()
    {
        var script = new AppScript { ChatStart = chat => chat.SetSettingsSchemaAsync(Schema) };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);

        await harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("model", "\"small\"")), CancellationToken.None);
        await harness.SendAsync(threadId, "hi");
        await events.WaitForRunFinishedAsync(2);

        Assert.Equal(0, script.Hooks.Count("SettingsUpdate"));
    }

    [Fact]
    public async Task Settings_AfterRestart_RestoredOnResume()
    {
        var store = new global::Parley.Storage.InMemoryChatStore();
        string threadId;
        var first = new AppScript { ChatStart = chat => chat.SetSettingsSchemaAsync(Schema) };
        await using (var harness = await RuntimeHarness.StartAsync(first, store))
        {
            EventCollector events;
            (threadId, events) = await harness.NewThreadAsync();
            await using var _ = events;
            await events.WaitForRunFinishedAsync(1);
            await harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("stream", "true")), CancellationToken.None);
            await events.WaitForRunFinishedAsync(2);
        }

        bool? resumed = null;
        var second = new AppScript { ChatResume = chat => Task.FromResult(resumed = chat.Settings.GetBool("stream")) };
        await using var restarted = await RuntimeHarness.StartAsync(second, store);
        var subscription = await restarted.Runtime.SubscribeAsync(restarted.User, threadId, 0, CancellationToken.None);
        await using var collector = new EventCollector(subscription);
        await second.Hooks.WaitForAsync("ChatResume");
        await collector.WaitForAsync(evts => evts.OfType<RunFinishedEvent>().Any(f => f.At > DateTimeOffset.MinValue && evts.OfType<RunStartedEvent>().Any(s => s.Trigger == RunTrigger.ChatResume && s.RunId == f.RunId)));

        Assert.True(resumed);
    }

    [Fact]
    public async Task CreateThreadAsync_DefaultSchemaFromOptions_ThreadStartsWithIt()
    {
        await using var harness = await RuntimeHarness.StartAsync(options: o => o.Chat.Settings.AddRange(Schema));

        var created = await harness.Runtime.CreateThreadAsync(harness.User, "c-1", null, null, CancellationToken.None);

        Assert.Equal(2, created.Thread.SettingsSchema!.Count);
        Assert.Equal("small", created.Thread.Settings!["model"].GetString());
        Assert.False(created.Thread.Settings["stream"].GetBoolean());
    }

    [Fact]
    public async Task RetryAsync_FailedSettingsRun_HandlerAgainWithSameChanges()
    {
        var calls = new List<IReadOnlyList<string>>();
        var script = new AppScript
        {
            ChatStart = chat => chat.SetSettingsSchemaAsync(Schema),
            SettingsUpdate = (chat, update) =>
            {
                calls.Add(update.Changed);
                return chat.Run.Trigger == RunTrigger.Retry ? chat.SayAsync("applied") : throw new InvalidOperationException("not yet");
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        await events.WaitForRunFinishedAsync(1);
        await harness.Runtime.UpdateSettingsAsync(harness.User, threadId, Values(("stream", "true")), CancellationToken.None);
        await events.WaitForRunFinishedAsync(2);
        var error = events.Replica.Items.OfType<ErrorItem>().Single();

        await harness.Runtime.RetryAsync(harness.User, threadId, "retry-1", error.Id, CancellationToken.None);
        await events.WaitForRunFinishedAsync(3);

        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal(["stream"], c));
        Assert.Equal("applied", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
    }

    private static Dictionary<string, JsonElement> Values(params (string Id, string Json)[] values) =>
        values.ToDictionary(v => v.Id, v => JsonDocument.Parse(v.Json).RootElement.Clone());
}
