using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class AskKindTests
{
    private static readonly ChatAction Yes = new() { Id = "act_yes", Name = "yes", Label = "Yes" };
    private static readonly ChatAction No = new() { Id = "act_no", Name = "no", Label = "No" };

    private static AppScript Asking(Func<ChatContext, Task<string>> ask) => new()
    {
        Message = async (chat, _) =>
        {
            try
            {
                await chat.SayAsync("got " + await ask(chat));
            }
            catch (AskExpiredException ex)
            {
                await chat.SayAsync("expired " + ex.Ask?.ExpiredReason);
            }
        },
    };

    private static AppScript ActionAsk(TimeSpan? timeout = null) =>
        Asking(async chat => (await chat.AskActionAsync("Continue?", [Yes, No], new AskOptions { Timeout = timeout })).Label);

    private static AppScript FileAsk(FileAskOptions? options = null) =>
        Asking(async chat => string.Join(",", (await chat.AskFileAsync("Your files?", options)).Select(f => f.Name)));

    private static AppScript ElementAsk() =>
        Asking(async chat => (await chat.AskElementAsync("Pick a date", "DatePicker", JsonSerializer.SerializeToElement(new { min = 1 }))).GetRawText());

    private static async Task<(RuntimeHarness Harness, string ThreadId, EventCollector Events, AskItem Ask, string RunId)> StartAskingAsync(AppScript script, TimeProvider? time = null)
    {
        var harness = await RuntimeHarness.StartAsync(script, time: time, options: o => o.Elements.ComponentsFolder = TestComponents.Folder);
        var (threadId, events) = await harness.NewThreadAsync();
        var accepted = await harness.SendAsync(threadId, "start");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();
        return (harness, threadId, events, ask, accepted.RunId);
    }

    private static async Task<FileRecord> SaveFileAsync(RuntimeHarness harness, string threadId, string name, string mime, int size, string? ownerId = null)
    {
        var files = harness.Services.GetRequiredService<IFileStore>();
        var record = new FileRecord
        {
            Id = harness.Services.GetRequiredService<Parley.Runtime.IdGenerator>().NewFileId(),
            OwnerId = ownerId ?? harness.User.Id,
            ThreadId = threadId,
            Name = name,
            Mime = mime,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', size)));
        return await files.SaveAsync(record, content, CancellationToken.None);
    }

    private static Task<AskItem> Answer(RuntimeHarness harness, string threadId, string askId, AskReply reply) =>
        harness.Runtime.AnswerAsync(harness.User, threadId, askId, reply, CancellationToken.None);

    private static async Task<AskItem> PendingAsync(RuntimeHarness harness, string threadId, string askId) =>
        (await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None)).Items.OfType<AskItem>().Single(a => a.Id == askId);

    [Fact]
    public async Task AskActionAsync_Answered_ReturnsTheChosenAction()
    {
        var (harness, threadId, events, ask, runId) = await StartAskingAsync(ActionAsk());
        await using var _ = harness;
        await using var __ = events;

        Assert.Equal(AskKind.Action, ask.Kind);
        Assert.Equal(["act_yes", "act_no"], ask.Actions.Select(a => a.Id));
        var answered = await Answer(harness, threadId, ask.Id, new AskReply { ClientId = "c-1", ActionId = "act_no" });
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal("act_no", answered.Answer?.ActionId);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "got No");
    }

    [Fact]
    public async Task AnswerAsync_UnknownActionOrWrongField_RefusedAndAskStaysPending()
    {
        var (harness, threadId, events, ask, _) = await StartAskingAsync(ActionAsk());
        await using var _h = harness;
        await using var _e = events;

        var unknown = await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply { ActionId = "act_maybe" }));
        var text = await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply { Content = "yes" }));
        var none = await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply()));

        Assert.Equal((ChatErrorCodes.ValidationFailed, "actionId"), (unknown.Code, unknown.Field));
        Assert.Equal((ChatErrorCodes.ValidationFailed, "content"), (text.Code, text.Field));
        Assert.Equal("actionId", none.Field);
        Assert.Equal(ItemStatus.Pending, (await PendingAsync(harness, threadId, ask.Id)).Status);
        await Answer(harness, threadId, ask.Id, new AskReply { ActionId = "act_yes" });
    }

    [Fact]
    public async Task AnswerAsync_ActionAnsweredTwice_SecondIs409AndSameClientIdGetsFirstResult()
    {
        var (harness, threadId, events, ask, _) = await StartAskingAsync(ActionAsk());
        await using var _h = harness;
        await using var _e = events;

        var first = await Answer(harness, threadId, ask.Id, new AskReply { ClientId = "c-1", ActionId = "act_yes" });
        var repeat = await Answer(harness, threadId, ask.Id, new AskReply { ClientId = "c-1", ActionId = "act_yes" });
        var other = await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply { ClientId = "c-2", ActionId = "act_no" }));

        Assert.Equal(first.Answer, repeat.Answer);
        Assert.Equal(ChatErrorCodes.AskNotPending, other.Code);
        Assert.Equal("act_yes", (await PendingAsync(harness, threadId, ask.Id)).Answer?.ActionId);
    }

    [Fact]
    public async Task AskActionAsync_TimeoutElapses_ExpiresWithReasonTimeout()
    {
        var clock = new ManualTimeProvider();
        var (harness, threadId, events, ask, runId) = await StartAskingAsync(ActionAsk(TimeSpan.FromMinutes(1)), clock);
        await using var _h = harness;
        await using var _e = events;

        clock.Advance(TimeSpan.FromMinutes(1));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        var expired = events.Replica.Item<AskItem>(ask.Id);
        Assert.Equal((ItemStatus.Expired, AskExpiredReason.Timeout), (expired.Status, expired.ExpiredReason));
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "expired Timeout");
    }

    [Fact]
    public async Task TryAskActionAsync_TimeoutElapses_ReturnsExpiredResult()
    {
        var clock = new ManualTimeProvider();
        AskResult<ChatAction>? result = null;
        var script = new AppScript
        {
            Message = async (chat, _) => result = await chat.TryAskActionAsync("Continue?", [Yes], new AskOptions { Timeout = TimeSpan.FromSeconds(30) }),
        };
        var (harness, _, events, _, runId) = await StartAskingAsync(script, clock);
        await using var _h = harness;
        await using var _e = events;

        clock.Advance(TimeSpan.FromSeconds(30));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.False(result!.IsAnswered);
        Assert.Null(result.Value);
        Assert.Equal(AskExpiredReason.Timeout, result.ExpiredReason);
    }

    [Fact]
    public async Task StopAsync_WhileAskingForFiles_CancelsTheAsk()
    {
        var (harness, threadId, events, ask, runId) = await StartAskingAsync(FileAsk());
        await using var _h = harness;
        await using var _e = events;

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal(ItemStatus.Cancelled, events.Replica.Item<AskItem>(ask.Id).Status);
        Assert.Equal(RunStatus.Cancelled, events.Replica.RunsFinished[runId].Status);
    }

    [Fact]
    public async Task AskFileAsync_Answered_ReturnsServerBuiltFileRefs()
    {
        var (harness, threadId, events, ask, runId) = await StartAskingAsync(FileAsk(new FileAskOptions { Accept = ["text/csv", ".txt"], MaxFiles = 2 }));
        await using var _h = harness;
        await using var _e = events;
        var csv = await SaveFileAsync(harness, threadId, "data.csv", "text/csv", 10);
        var txt = await SaveFileAsync(harness, threadId, "notes.txt", "text/plain", 10);

        Assert.Equal((AskKind.File, 2, FileAskOptions.DefaultMaxSizeMb), (ask.Kind, ask.MaxFiles, ask.MaxSizeMb));
        var answered = await Answer(harness, threadId, ask.Id, new AskReply { FileIds = [csv.Id, txt.Id] });
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal([csv.Id, txt.Id], answered.Answer?.FileIds);
        Assert.Equal(["/api/files/" + csv.Id, "/api/files/" + txt.Id], answered.Answer?.Files?.Select(f => f.Url));
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "got data.csv,notes.txt");
    }

    [Fact]
    public async Task AnswerAsync_FilesThatDoNotFit_RefusedWithTheirCodeAndAskStaysPending()
    {
        var (harness, threadId, events, ask, _) = await StartAskingAsync(FileAsk(new FileAskOptions { Accept = ["image/*"], MaxSizeMb = 1 }));
        await using var _h = harness;
        await using var _e = events;
        var (other, otherEvents) = await harness.NewThreadAsync();
        await using var _o = otherEvents;
        var pdf = await SaveFileAsync(harness, threadId, "doc.pdf", "application/pdf", 10);
        var big = await SaveFileAsync(harness, threadId, "big.png", "image/png", 1024 * 1024 + 1);
        var small = await SaveFileAsync(harness, threadId, "small.png", "image/png", 10);
        var second = await SaveFileAsync(harness, threadId, "second.png", "image/png", 10);
        var elsewhere = await SaveFileAsync(harness, other, "elsewhere.png", "image/png", 10);
        var strangers = await SaveFileAsync(harness, threadId, "strangers.png", "image/png", 10, ownerId: "usr_other");

        async Task<ChatCommandException> Refused(params string[] ids) =>
            await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply { FileIds = ids }));

        Assert.Equal(ChatErrorCodes.UnsupportedMediaType, (await Refused(pdf.Id)).Code);
        Assert.Equal(ChatErrorCodes.PayloadTooLarge, (await Refused(big.Id)).Code);
        Assert.Equal(ChatErrorCodes.ValidationFailed, (await Refused(small.Id, second.Id)).Code);
        Assert.Equal(ChatErrorCodes.ValidationFailed, (await Refused(elsewhere.Id)).Code);
        Assert.Equal(ChatErrorCodes.ValidationFailed, (await Refused(strangers.Id)).Code);
        Assert.Equal(ChatErrorCodes.ValidationFailed, (await Refused("fil_missing")).Code);
        Assert.Equal(ChatErrorCodes.ValidationFailed, (await Refused()).Code);
        Assert.Equal(ItemStatus.Pending, (await PendingAsync(harness, threadId, ask.Id)).Status);
        Assert.Equal(ItemStatus.Answered, (await Answer(harness, threadId, ask.Id, new AskReply { FileIds = [small.Id] })).Status);
    }

    [Fact]
    public async Task AskFileAsync_LargerThanUploadsAllow_ThrowsBeforeAnyAskIsShown()
    {
        Exception? thrown = null;
        await using var harness = await RuntimeHarness.StartAsync(
            new AppScript
            {
                Message = async (chat, _) =>
                {
                    try
                    {
                        await chat.AskFileAsync("A video?", new FileAskOptions { MaxSizeMb = 500 });
                    }
                    catch (ArgumentException ex)
                    {
                        thrown = ex;
                    }
                },
            });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Contains("Uploads.MaxFileBytes", thrown?.Message, StringComparison.Ordinal);
        Assert.Empty(events.Replica.Items.OfType<AskItem>());
    }

    [Fact]
    public async Task AskElementAsync_UnknownComponent_ThrowsBeforeAnyAskIsShown()
    {
        Exception? thrown = null;
        await using var harness = await RuntimeHarness.StartAsync(
            new AppScript
            {
                Message = async (chat, _) =>
                {
                    try
                    {
                        await chat.AskElementAsync("Pick", "Misspelt");
                    }
                    catch (ArgumentException ex)
                    {
                        thrown = ex;
                    }
                },
            },
            options: o => o.Elements.ComponentsFolder = TestComponents.Folder);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Contains("Misspelt", thrown?.Message, StringComparison.Ordinal);
        Assert.Empty(events.Replica.Items.OfType<AskItem>());
    }

    [Fact]
    public async Task AskElementAsync_Answered_ReturnsTheSubmittedValue()
    {
        var (harness, threadId, events, ask, runId) = await StartAskingAsync(ElementAsk());
        await using var _h = harness;
        await using var _e = events;

        Assert.Equal("DatePicker", ask.Element?.Component);
        Assert.Equal(1, ask.Element?.Props?.GetProperty("min").GetInt32());
        var tooLarge = await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply { Value = JsonSerializer.SerializeToElement(new string('x', 200_000)) }));
        var wrong = await Assert.ThrowsAsync<ChatCommandException>(() => Answer(harness, threadId, ask.Id, new AskReply { Content = "2024-01-01" }));
        await Answer(harness, threadId, ask.Id, new AskReply { Value = JsonSerializer.SerializeToElement(new { date = "2024-01-01" }) });
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal(ChatErrorCodes.PayloadTooLarge, tooLarge.Code);
        Assert.Equal("content", wrong.Field);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == """got {"date":"2024-01-01"}""");
    }

    [Fact]
    public async Task EndSession_WhileAskingForAnElement_ExpiresWithReasonSessionEnded_AndResumeAsksAgain()
    {
        var script = ElementAsk();
        script.ChatResume = async chat =>
        {
            if (chat.History.OfType<AskItem>().LastOrDefault() is { Status: ItemStatus.Expired, ExpiredReason: AskExpiredReason.SessionEnded } expired)
            {
                await chat.SayAsync("asking again: " + expired.Content);
                var value = await chat.AskElementAsync(expired.Content, expired.Element!.Component, expired.Element.Props);
                await chat.SayAsync("resumed with " + value.GetRawText());
            }
        };
        var (harness, threadId, events, ask, _) = await StartAskingAsync(script);
        await using var _h = harness;
        await using var _e = events;

        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        await using var reopened = new EventCollector(await harness.Runtime.SubscribeAsync(harness.User, threadId, 0, CancellationToken.None));
        var again = (await reopened.WaitForAsync(e => e.OfType<ItemAddedEvent>().Count(a => a.Item is AskItem) >= 2))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Last();
        await Answer(harness, threadId, again.Id, new AskReply { Value = JsonSerializer.SerializeToElement(7) });
        await reopened.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "resumed with 7" }));

        var expired = reopened.Replica.Item<AskItem>(ask.Id);
        Assert.Equal((ItemStatus.Expired, AskExpiredReason.SessionEnded), (expired.Status, expired.ExpiredReason));
        Assert.Equal(ItemStatus.Answered, reopened.Replica.Item<AskItem>(again.Id).Status);
    }
}
