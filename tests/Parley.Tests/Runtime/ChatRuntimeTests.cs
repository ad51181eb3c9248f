using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class ChatRuntimeTests
{
    [Fact]
    public async Task PostMessageAsync_StreamedReply_SubscriberReconstructsExactText()
    {
        var script = new AppScript
        {
            ChatStart = chat => chat.SayAsync("Hello!"),
            Message = async (chat, message) =>
            {
                var reply = await chat.BeginMessageAsync();
                foreach (var word in message.Content.Split(' '))
                {
                    await reply.AppendAsync(word + " ");
                }

                await reply.CompleteAsync();
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var accepted = await harness.SendAsync(threadId, "one two three four five");
        await events.WaitForRunFinishedAsync(2);

        var replica = events.Replica;
        var reply = replica.Items.OfType<AssistantMessage>().Last();
        Assert.Equal("one two three four five ", reply.Content);
        Assert.Equal(ItemStatus.Completed, reply.Status);
        Assert.Equal("Hello!", replica.Items.OfType<AssistantMessage>().First().Content);
        Assert.Equal(accepted.Item.Id, replica.Items.OfType<UserMessage>().Single().Id);
        Assert.Empty(replica.Violations);
        Assert.False(replica.HasGap);

        var view = await harness.Runtime.GetThreadAsync(harness.User, threadId, CancellationToken.None);
        Assert.Equal(replica.LastSeq, view.LastSeq);
        Assert.Equal(replica.Items.Select(i => i.Id), view.Items.Select(i => i.Id));
        Assert.Equal("one two three four five ", view.Items.OfType<AssistantMessage>().Last().Content);
        Assert.Null(view.ActiveRun);
    }
}
