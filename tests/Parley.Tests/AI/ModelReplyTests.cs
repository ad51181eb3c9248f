using Microsoft.Extensions.AI;
using Parley.Testing;
using static Parley.Testing.ScriptedChatClient;

namespace Parley.Tests.AI;

/// <summary>How a model's streamed updates become thread items (<see cref="ChatContext.StreamReplyAsync(IAsyncEnumerable{ChatResponseUpdate}, MessageOptions?, CancellationToken)"/>).</summary>
public sealed class ModelReplyTests
{
    private static async Task<(RuntimeHarness Harness, EventCollector Events, string RunId)> RunAsync(ScriptedChatClient model)
    {
        var harness = await RuntimeHarness.StartAsync(new AppScript
        {
            Message = (chat, _) => chat.StreamReplyAsync(model.GetStreamingResponseAsync(chat.History.ToChatMessages(), cancellationToken: chat.Aborted)),
        });
        var (threadId, events) = await harness.NewThreadAsync();
        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        return (harness, events, accepted.RunId);
    }

    [Fact]
    public async Task StreamReplyAsync_ReasoningTextToolCallsUsage_BecomeStepsMessageAndMetadata()
    {
        var model = new ScriptedChatClient().Then(
            With(new TextReasoningContent("Let me ")),
            With(new TextReasoningContent("think.")),
            Text("Hello "),
            Text("world"),
            With(new FunctionCallContent("call_1", "lookup", new Dictionary<string, object?> { ["q"] = "x" })),
            With(new FunctionResultContent("call_1", "42")),
            With(new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 })),
            new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, ModelId = "m-1" });
        var (harness, events, runId) = await RunAsync(model);
        await using var _ = harness;
        await using var __ = events;

        var items = events.Replica.Items.Where(i => i.RunId == runId).ToList();
        var reasoning = Assert.IsType<StepItem>(items[0]);
        Assert.Equal((StepKind.Llm, "Reasoning", "Let me think.", ItemStatus.Completed), (reasoning.Kind, reasoning.Name, reasoning.Output, reasoning.Status));
        var reply = Assert.IsType<AssistantMessage>(items[1]);
        Assert.Equal(("Hello world", ItemStatus.Completed), (reply.Content, reply.Status));
        Assert.Equal(10, reply.Metadata!["usage"].GetProperty("inputTokens").GetInt64());
        Assert.Equal(15, reply.Metadata!["usage"].GetProperty("totalTokens").GetInt64());
        Assert.Equal("stop", reply.Metadata!["finishReason"].GetString());
        Assert.Equal("m-1", reply.Metadata!["model"].GetString());
        var tool = Assert.IsType<StepItem>(items[2]);
        Assert.Equal((StepKind.Tool, "lookup", "42", ItemStatus.Completed), (tool.Kind, tool.Name, tool.Output, tool.Status));
        Assert.Equal("x", System.Text.Json.JsonDocument.Parse(tool.Input).RootElement.GetProperty("q").GetString());
        Assert.Equal("call_1", tool.Metadata!["toolCallId"].GetString());
        Assert.Null(tool.ParentId);
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task StreamReplyAsync_FinishReasonLength_ReplySaysItWasCutOff()
    {
        var model = new ScriptedChatClient().Then(Text("Once upon a"), new ChatResponseUpdate { FinishReason = ChatFinishReason.Length });
        var (harness, events, runId) = await RunAsync(model);
        await using var _ = harness;
        await using var __ = events;

        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId);
        Assert.StartsWith("Once upon a", reply.Content, StringComparison.Ordinal);
        Assert.Contains("length limit", reply.Content, StringComparison.Ordinal);
        Assert.Equal("length", reply.Metadata!["finishReason"].GetString());
    }

    [Fact]
    public async Task StreamReplyAsync_ProviderFailsMidStream_PartialTextKeptFailedAndSafeError()
    {
        var model = new ScriptedChatClient().Then(Text("Partial "), Text("answer"), Fail);
        var (harness, events, runId) = await RunAsync(model);
        await using var _ = harness;
        await using var __ = events;

        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId);
        Assert.Equal(("Partial answer", ItemStatus.Failed), (reply.Content, reply.Status));
        var error = events.Replica.Items.OfType<ErrorItem>().Single(e => e.RunId == runId);
        Assert.DoesNotContain("secret-internal-detail", error.Message, StringComparison.Ordinal);
        Assert.True(error.AllowRetry);
        Assert.Equal(RunStatus.Failed, events.Replica.RunsFinished[runId].Status);
    }

    [Fact]
    public async Task StreamReplyAsync_StoppedWhileTheModelStalls_CancelsTheModelCallAndKeepsText()
    {
        var model = new ScriptedChatClient().Then(Text("Before the stall"), Stall, Text("never"));
        await using var harness = await RuntimeHarness.StartAsync(new AppScript
        {
            Message = (chat, _) => chat.StreamReplyAsync(model.GetStreamingResponseAsync([], cancellationToken: chat.Aborted)),
        });
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var accepted = await harness.SendAsync(threadId, "hi");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Any());

        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await model.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(RunStatus.Cancelled, events.Replica.RunsFinished[accepted.RunId].Status);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        Assert.Equal(("Before the stall", ItemStatus.Cancelled), (reply.Content, reply.Status));
    }
}
