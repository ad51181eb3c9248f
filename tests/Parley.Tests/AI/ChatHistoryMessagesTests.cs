using Microsoft.Extensions.AI;
using Parley.Testing;
using static Parley.Testing.ScriptedChatClient;

namespace Parley.Tests.AI;

public sealed class ChatHistoryMessagesTests
{
    [Fact]
    public async Task ToChatMessages_AfterAToolLoopAndAStop_RoundTripsCallsResultsAndNotes()
    {
        var model = new ScriptedChatClient()
            .Then(With(new FunctionCallContent("c1", "weather", new Dictionary<string, object?> { ["city"] = "Oslo" })))
            .Then(Text("Cold."))
            .Then(Text("Half a rep"), Stall);
        var weather = AIFunctionFactory.Create((string city) => "-3C", "weather");
        IList<ChatMessage>? seen = null;
        await using var harness = await RuntimeHarness.StartAsync(new AppScript
        {
            Message = async (chat, message) =>
            {
                switch (message.Content)
                {
                    case "weather?":
                        await chat.AddHiddenContextAsync("The user lives in Oslo.");
                        await chat.RunToolLoopAsync(model, chat.History.ToChatMessages(), new ToolLoopOptions { Tools = [weather] });
                        break;
                    case "long":
                        await chat.StreamReplyAsync(model.GetStreamingResponseAsync([], cancellationToken: chat.Aborted));
                        break;
                    default:
                        seen = chat.History.ToChatMessages();
                        break;
                }
            },
        });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var first = await harness.SendAsync(threadId, "weather?");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == first.RunId));
        var second = await harness.SendAsync(threadId, "long");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any(d => d.RunId == second.RunId));
        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == second.RunId));
        var third = await harness.SendAsync(threadId, "recap");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == third.RunId));

        Assert.NotNull(seen);
        var roles = seen.Select(m => m.Role.Value).ToList();
        Assert.Equal(["user", "system", "assistant", "tool", "assistant", "user", "assistant", "system", "user"], roles);
        var call = seen[2].Contents.OfType<FunctionCallContent>().Single();
        Assert.Equal(("c1", "weather", "Oslo"), (call.CallId, call.Name, call.Arguments!["city"]!.ToString()));
        var result = seen[3].Contents.OfType<FunctionResultContent>().Single();
        Assert.Equal(("c1", "-3C"), (result.CallId, ToolLoopTests.ModelResult(result)));
        Assert.Equal("Cold.", seen[4].Text);
        Assert.StartsWith("Half a rep", seen[6].Text, StringComparison.Ordinal);
        Assert.Contains("stopped by the user", seen[6].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToChatMessages_MaxMessagesCutsACallFromItsResult_NoOrphanResultFirst()
    {
        var model = new ScriptedChatClient()
            .Then(With(new FunctionCallContent("c1", "t")))
            .Then(Text("done"));
        var tool = AIFunctionFactory.Create(() => "r", "t");
        IList<ChatMessage>? lastThree = null;
        IList<ChatMessage>? byTokens = null;
        IList<ChatMessage>? custom = null;
        await using var harness = await RuntimeHarness.StartAsync(new AppScript
        {
            Message = async (chat, message) =>
            {
                if (message.Content == "go")
                {
                    await chat.RunToolLoopAsync(model, [], new ToolLoopOptions { Tools = [tool] });
                    return;
                }

                // go, [call], [result], done, next: the last four start with the result, which is dropped.
                lastThree = chat.History.ToChatMessages(new ChatHistoryOptions { MaxMessages = 3 });
                byTokens = chat.History.ToChatMessages(new ChatHistoryOptions { MaxTokens = 2, EstimateTokens = _ => 1 });
                custom = chat.History.ToChatMessages(new ChatHistoryOptions { Trim = m => [.. m.Where(x => x.Role == ChatRole.User)] });
            },
        });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var go = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == go.RunId));
        var next = await harness.SendAsync(threadId, "next");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == next.RunId));

        Assert.Equal(["assistant", "user"], lastThree!.Select(m => m.Role.Value));
        Assert.Equal(["assistant", "user"], byTokens!.Select(m => m.Role.Value));
        Assert.Equal(["go", "next"], custom!.Select(m => m.Text));
    }
}
