using System.Text;
using Microsoft.Extensions.AI;
using Parley.Testing;

namespace Parley.Tests.AI;

public sealed class ChatHistoryAttachmentsTests
{
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    [Fact]
    public async Task GetChatMessagesAsync_Attachments_ImagesAsDataTextInlineOthersNamed()
    {
        IList<ChatMessage>? all = null;
        IList<ChatMessage>? imagesOnly = null;
        IList<ChatMessage>? plain = null;
        await using var harness = await RuntimeHarness.StartAsync(new AppScript
        {
            Message = async (chat, message) =>
            {
                all = await chat.GetChatMessagesAsync();
                imagesOnly = await chat.GetChatMessagesAsync(new ChatHistoryOptions { Attachments = new AttachmentOptions { Types = ["image/*"] } });
                plain = chat.History.ToChatMessages();
            },
        });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var image = await UploadAsync(harness, threadId, "desk.png", "image/png", Png);
        var notes = await UploadAsync(harness, threadId, "notes.txt", "text/plain", Encoding.UTF8.GetBytes("buy milk"));

        var accepted = await harness.Runtime.PostMessageAsync(harness.User, threadId, "m1", "What is on my desk?", null, [image.Id, notes.Id], CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var user = Assert.Single(all!, m => m.Role == ChatRole.User);
        Assert.Equal("What is on my desk?", Assert.IsType<TextContent>(user.Contents[0]).Text);
        var data = Assert.IsType<DataContent>(user.Contents[1]);
        Assert.Equal(("image/png", "desk.png"), (data.MediaType, data.Name));
        Assert.Equal(Png, data.Data.ToArray());
        Assert.Equal("[Attached file: notes.txt]\nbuy milk", Assert.IsType<TextContent>(user.Contents[2]).Text);

        var limited = Assert.Single(imagesOnly!, m => m.Role == ChatRole.User);
        Assert.IsType<DataContent>(limited.Contents[1]);
        Assert.Equal("[Attached file: notes.txt (text/plain, 8 bytes)]", Assert.IsType<TextContent>(limited.Contents[2]).Text);

        // The synchronous history never reads files: it names them.
        var named = Assert.Single(plain!, m => m.Role == ChatRole.User);
        Assert.All(named.Contents, c => Assert.IsType<TextContent>(c));
        Assert.Contains("desk.png", named.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChatMessagesAsync_OverTheByteBudget_OlderAttachmentsNamed()
    {
        IList<ChatMessage>? seen = null;
        await using var harness = await RuntimeHarness.StartAsync(new AppScript
        {
            Message = async (chat, message) => seen = await chat.GetChatMessagesAsync(new ChatHistoryOptions
            {
                Attachments = new AttachmentOptions { MaxTotalBytes = Png.Length + 4 },
            }),
        });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var older = await UploadAsync(harness, threadId, "old.png", "image/png", Png);
        var newer = await UploadAsync(harness, threadId, "new.png", "image/png", Png);
        var first = await harness.Runtime.PostMessageAsync(harness.User, threadId, "m1", "first", null, [older.Id], CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == first.RunId));
        var second = await harness.Runtime.PostMessageAsync(harness.User, threadId, "m2", "second", null, [newer.Id], CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == second.RunId));

        var users = seen!.Where(m => m.Role == ChatRole.User).ToList();
        Assert.Contains("old.png (image/png", Assert.IsType<TextContent>(users[0].Contents[1]).Text, StringComparison.Ordinal);
        Assert.IsType<DataContent>(users[1].Contents[1]);
    }

    [Fact]
    public async Task GetChatMessagesAsync_AnswersOfEveryKind_AsTheUsersWords()
    {
        IList<ChatMessage>? seen = null;
        var yes = ChatAction.Create("yes", "Yes, go ahead");
        await using var harness = await RuntimeHarness.StartAsync(
            new AppScript
            {
                Message = async (chat, message) =>
                {
                    if (message.Content == "ask")
                    {
                        await chat.AskActionAsync("Proceed?", [yes]);
                        await chat.AskElementAsync("Pick", "Picker");
                        await chat.AskFileAsync("Your photo?", new FileAskOptions { Accept = ["image/png"] });
                        return;
                    }

                    seen = await chat.GetChatMessagesAsync();
                },
            },
            options: o => o.Elements.ComponentsFolder = TestComponents.Folder);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var photo = await UploadAsync(harness, threadId, "me.png", "image/png", Png);
        var asking = await harness.SendAsync(threadId, "ask");
        AskReply[] replies = [new() { ActionId = yes.Id }, new() { Value = System.Text.Json.JsonSerializer.SerializeToElement(new { n = 7 }) }, new() { FileIds = [photo.Id] }];
        for (var i = 0; i < replies.Length; i++)
        {
            var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Count(a => a.Item is AskItem) > i))
                .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().ElementAt(i);
            await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, replies[i], CancellationToken.None);
        }

        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == asking.RunId));
        var recap = await harness.SendAsync(threadId, "recap");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == recap.RunId));

        var answers = seen!.Where(m => m.Role == ChatRole.User).Skip(1).Take(3).ToList();
        Assert.Equal("Yes, go ahead", answers[0].Text);
        Assert.Equal("""{"n":7}""", answers[1].Text);
        Assert.Equal("me.png", Assert.IsType<DataContent>(Assert.Single(answers[2].Contents)).Name);
    }

    private static async Task<FileRef> UploadAsync(RuntimeHarness harness, string threadId, string name, string mime, byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        return await harness.Runtime.UploadFileAsync(harness.User, threadId, name, mime, content, CancellationToken.None);
    }
}
