using Parley.Storage;
using Parley.Testing;

namespace Parley.Tests.Runtime;

public sealed class AskExpiryReasonTests
{
    [Fact]
    public async Task StopHost_WhileAsking_AskExpiredWithReasonRestarted()
    {
        var data = new InMemoryChatStore();
        var harness = await RuntimeHarness.StartAsync(new AppScript { Message = async (chat, _) => await chat.AskAsync("Your name?") }, data);
        var (threadId, events) = await harness.NewThreadAsync();
        await harness.SendAsync(threadId, "start");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem));
        await events.DisposeAsync();

        await harness.DisposeAsync();
        await using var restarted = await RuntimeHarness.StartAsync(store: data);
        var view = await restarted.Runtime.GetThreadAsync(restarted.User, threadId, CancellationToken.None);

        var ask = view.Items.OfType<AskItem>().Single();
        Assert.Equal((ItemStatus.Expired, AskExpiredReason.Restarted), (ask.Status, ask.ExpiredReason));
    }
}
