using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Parley.Testing;
using Xunit.Abstractions;
using static Parley.OpenAI.Tests.FakeOpenAIServer;

namespace Parley.OpenAI.Tests;

/// <summary>Parley runs against an OpenAI-compatible server on loopback, through the real wire format.</summary>
public sealed class OpenAICompatibleChatClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;
    private OpenAICompatibleChatClient _model = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        _model = new OpenAICompatibleChatClient(_server.Options);
    }

    public async Task DisposeAsync()
    {
        _model.Dispose();
        await _server.DisposeAsync();
    }

    private static async Task<(RuntimeHarness Harness, string ThreadId, EventCollector Events)> StartAsync(Func<ChatContext, Task> handler)
    {
        var harness = await RuntimeHarness.StartAsync(new AppScript { Message = (chat, _) => handler(chat) });
        var (threadId, events) = await harness.NewThreadAsync();
        return (harness, threadId, events);
    }

    /// <summary>An app that streams the model's reply to each message, with the thread as history.</summary>
    private Task<(RuntimeHarness Harness, string ThreadId, EventCollector Events)> StartStreamingAsync() => StartAsync(chat =>
        chat.StreamReplyAsync(_model.GetStreamingResponseAsync(chat.History.ToChatMessages(), cancellationToken: chat.Aborted)));

    private static async Task<string> SendAndWaitAsync(RuntimeHarness harness, string threadId, EventCollector events, string text)
    {
        var accepted = await harness.SendAsync(threadId, text);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId), TimeSpan.FromSeconds(20));
        return accepted.RunId;
    }

    [Fact]
    public async Task StreamReplyAsync_StreamedReply_TextReasoningAndUsageArrive()
    {
        _server.ThenStream(Reasoning("Thinking "), Reasoning("hard."), Text("Hello"), Text(", world"), Finish("stop"), Usage(12, 3));
        var (harness, threadId, events) = await StartStreamingAsync();
        await using var _ = harness;
        await using var __ = events;

        var runId = await SendAndWaitAsync(harness, threadId, events, "hi");

        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId);
        Assert.Equal(("Hello, world", ItemStatus.Completed), (reply.Content, reply.Status));
        Assert.Equal(15, reply.Metadata!["usage"].GetProperty("totalTokens").GetInt64());
        Assert.Equal("stop", reply.Metadata!["finishReason"].GetString());
        Assert.Equal("Thinking hard.", events.Replica.Items.OfType<StepItem>().Single(s => s.Kind == StepKind.Llm).Output);
        var request = _server.Requests.Single();
        Assert.True(request["stream"]!.GetValue<bool>());
        Assert.Equal("fake-model", request["model"]!.GetValue<string>());
        var last = request["messages"]!.AsArray().Last()!;
        Assert.Equal("user", last["role"]!.GetValue<string>());
        Assert.Contains("\"hi\"", last["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunToolLoopAsync_TwoRoundsOfFragmentedToolCalls_ResultsSentBackWithTheirIds()
    {
        _server
            .ThenStream(ToolCall(0, "call_a", "weather", """{"ci"""), ToolCall(0, null, null, """ty":"Paris"}"""), Finish("tool_calls"))
            .ThenStream(ToolCall(0, "call_b", "clock", "{}"), Finish("tool_calls"))
            .ThenStream(Text("Sunny, noon."), Finish("stop"));
        var weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "weather", "The weather in a city.");
        var clock = AIFunctionFactory.Create(() => "12:00", "clock", "The time.");
        var (harness, threadId, events) = await StartAsync(chat =>
            chat.RunToolLoopAsync(_model, chat.History.ToChatMessages(), new ToolLoopOptions { Tools = [weather, clock] }, chat.Aborted));
        await using var _ = harness;
        await using var __ = events;

        var runId = await SendAndWaitAsync(harness, threadId, events, "weather and time?");

        Assert.Equal(RunStatus.Completed, events.Replica.RunsFinished[runId].Status);
        Assert.Equal("sunny in Paris", events.Replica.Items.OfType<StepItem>().Single(s => s.Name == "weather").Output);
        Assert.Equal("Sunny, noon.", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal("weather", _server.Requests[0]["tools"]!.AsArray()[0]!["function"]!["name"]!.GetValue<string>());
        var second = _server.Requests[1]["messages"]!.AsArray();
        var assistant = second.Single(m => m!["role"]!.GetValue<string>() == "assistant")!;
        Assert.Equal("call_a", assistant["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("Paris", JsonNode.Parse(assistant["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>());
        var tool = second.Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal(("call_a", "sunny in Paris"), (tool["tool_call_id"]!.GetValue<string>(), tool["content"]!.ToString()));
        Assert.Contains(_server.Requests[2]["messages"]!.AsArray(), m => m!["tool_call_id"]?.GetValue<string>() == "call_b");
    }

    [Fact]
    public async Task RunToolLoopAsync_ToolNeedsApproval_ButtonsAskedClickedThenRun()
    {
        _server
            .ThenStream(ToolCall(0, "call_1", "refund", """{"amount":20}"""), Finish("tool_calls"))
            .ThenStream(Text("Refunded."), Finish("stop"));
        var refunded = 0;
        var refund = AIFunctionFactory.Create((int amount) => refunded += amount, "refund");
        var (harness, threadId, events) = await StartAsync(chat => chat.RunToolLoopAsync(_model, chat.History.ToChatMessages(), new ToolLoopOptions
        {
            Tools = [refund],
            ApproveAsync = ToolApprovals.ButtonsWith(call => $"Refund {call.Call.Arguments!["amount"]} €?"),
        }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "refund me");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();
        Assert.Equal(("Refund 20 €?", AskKind.Action), (ask.Content, ask.Kind));
        var runIt = ask.Actions.Single(a => a.Name == ToolApprovals.ApproveName);
        await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, new AskReply { ClientId = "a1", ActionId = runIt.Id }, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(20, refunded);
        Assert.Equal("Refunded.", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
    }

    [Fact]
    public async Task Stop_WhileTheProviderStalls_ClosesTheProviderConnectionAndKeepsText()
    {
        _server.ThenStall(Text("Partial "), Text("reply"));
        var (harness, threadId, events) = await StartStreamingAsync();
        await using var _ = harness;
        await using var __ = events;
        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Sum(d => d.Text.Length) >= "Partial reply".Length);

        var stopAt = DateTime.UtcNow;
        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        var closedAt = await _server.ConnectionClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"stop → provider connection closed: {(closedAt - stopAt).TotalMilliseconds:F1} ms");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(RunStatus.Cancelled, events.Replica.RunsFinished[accepted.RunId].Status);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == accepted.RunId);
        Assert.Equal(("Partial reply", ItemStatus.Cancelled), (reply.Content, reply.Status));
    }

    [Fact]
    public async Task StreamReplyAsync_ProviderDropsMidStream_PartialFailedWithSafeError()
    {
        _server.ThenDrop(Text("Half an "), Text("answer"));
        var (harness, threadId, events) = await StartStreamingAsync();
        await using var _ = harness;
        await using var __ = events;

        var runId = await SendAndWaitAsync(harness, threadId, events, "go");

        Assert.Equal(RunStatus.Failed, events.Replica.RunsFinished[runId].Status);
        var reply = events.Replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId);
        Assert.Equal(("Half an answer", ItemStatus.Failed), (reply.Content, reply.Status));
        var error = events.Replica.Items.OfType<ErrorItem>().Single(e => e.RunId == runId);
        Assert.True(error.AllowRetry);
        Assert.DoesNotContain("127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamReplyAsync_ProviderAnswers500_RunFailsVisiblyWithoutItsText()
    {
        _server.ThenError(500, "internal overload at shard-7");
        var (harness, threadId, events) = await StartStreamingAsync();
        await using var _ = harness;
        await using var __ = events;

        var runId = await SendAndWaitAsync(harness, threadId, events, "go");

        Assert.Equal(RunStatus.Failed, events.Replica.RunsFinished[runId].Status);
        var error = events.Replica.Items.OfType<ErrorItem>().Single(e => e.RunId == runId);
        Assert.DoesNotContain("shard-7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_AfterAToolLoop_NextRequestCarriesCallsResultsAndReplies()
    {
        _server
            .ThenStream(ToolCall(0, "call_x", "lookup", """{"q":"parley"}"""), Finish("tool_calls"))
            .ThenStream(Text("Found it."), Finish("stop"))
            .ThenStream(Text("You asked about parley."), Finish("stop"));
        var lookup = AIFunctionFactory.Create((string q) => $"{q}: a discussion", "lookup");
        var (harness, threadId, events) = await StartAsync(chat =>
            chat.RunToolLoopAsync(_model, chat.History.ToChatMessages(), new ToolLoopOptions { Tools = [lookup] }, chat.Aborted));
        await using var _ = harness;
        await using var __ = events;

        await SendAndWaitAsync(harness, threadId, events, "look up parley");
        await SendAndWaitAsync(harness, threadId, events, "what did I ask?");

        var messages = _server.Requests[2]["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant", "user"], messages);
        var sent = _server.Requests[2]["messages"]!.AsArray();
        Assert.Equal("call_x", sent[1]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(("call_x", "parley: a discussion"), (sent[2]!["tool_call_id"]!.GetValue<string>(), sent[2]!["content"]!.ToString()));
        Assert.Equal("Found it.", sent[3]!["content"]!.ToString());
    }

    [Fact]
    public async Task GetChatMessagesAsync_ImageAndPdfAttachments_SentAsContentParts()
    {
        _server.ThenStream(Text("A tidy desk."), Finish("stop"));
        var (harness, threadId, events) = await StartAsync(async chat =>
            await chat.StreamReplyAsync(_model.GetStreamingResponseAsync(await chat.GetChatMessagesAsync(cancellationToken: chat.Aborted), cancellationToken: chat.Aborted)));
        await using var _ = harness;
        await using var __ = events;
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];
        var image = await UploadAsync(harness, threadId, "desk.png", "image/png", png);
        var pdf = await UploadAsync(harness, threadId, "form.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray());

        var accepted = await harness.Runtime.PostMessageAsync(harness.User, threadId, "m1", "Describe these", null, [image.Id, pdf.Id], CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId), TimeSpan.FromSeconds(20));

        var user = _server.Requests.Single()["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.AsArray();
        Assert.Equal(["text", "image_url", "file"], user.Select(p => p!["type"]!.GetValue<string>()));
        Assert.StartsWith("data:image/png;base64,", user[1]!["image_url"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("form.pdf", user[2]!["file"]!["filename"]!.GetValue<string>());
    }

    private static async Task<FileRef> UploadAsync(RuntimeHarness harness, string threadId, string name, string mime, byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        return await harness.Runtime.UploadFileAsync(harness.User, threadId, name, mime, content, CancellationToken.None);
    }
}
