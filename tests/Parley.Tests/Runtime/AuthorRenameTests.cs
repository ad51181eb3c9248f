using Microsoft.Extensions.DependencyInjection;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class AuthorRenameTests
{
    [Fact]
    public async Task RenameAuthorAsync_Overridden_AppliesToEveryItemTheRunWrites()
    {
        await using var harness = await RuntimeHarness.StartAsync(configure: s => s.AddParleyCore<RenamingApp>(o => o.AppName = "bot"));
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();
        await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a-1", "fine", CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var items = events.Replica.Items.Where(i => i.RunId == accepted.RunId && i is not ErrorItem).ToList();
        Assert.Equal(["Friendly Bot", "Friendly Bot", "Search tool (renamed)", "Friendly Bot", "Friendly Bot"],
            items.OfType<AssistantMessage>().Select(i => i.Author)
                .Concat(items.OfType<AskItem>().Select(i => i.Author))
                .Concat(items.OfType<StepItem>().Select(i => i.Author)));
    }

    [Fact]
    public async Task RenameAuthorAsync_Default_KeepsTheName()
    {
        await using var harness = await RuntimeHarness.StartAsync(new AppScript { Message = (chat, _) => chat.SayAsync("hi", new MessageOptions { Author = "Ada" }) });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal("Ada", events.Replica.Items.OfType<AssistantMessage>().Single().Author);
    }

    private sealed class RenamingApp : ChatApp
    {
        public override async Task OnMessageAsync(ChatContext chat, UserMessage message)
        {
            await chat.SayAsync("one");
            var stream = await chat.BeginMessageAsync();
            await stream.AppendAsync("two");
            await stream.CompleteAsync();
            await using (await chat.BeginStepAsync("Search tool", StepKind.Tool))
            {
                await chat.SayAsync("three", new MessageOptions { Author = "Search tool" });
            }

            await chat.AskAsync("ok?");
        }

        public override async ValueTask<string> RenameAuthorAsync(string author, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return author == "bot" ? "Friendly Bot" : author + " (renamed)";
        }
    }
}
