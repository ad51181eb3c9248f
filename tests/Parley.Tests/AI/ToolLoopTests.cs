using System.Text.Json;
using Microsoft.Extensions.AI;
using Parley.Testing;
using static Parley.Testing.ScriptedChatClient;

namespace Parley.Tests.AI;

public sealed class ToolLoopTests
{
    private static FunctionCallContent Call(string id, string name, params (string Key, object? Value)[] args) =>
        new(id, name, args.ToDictionary(a => a.Key, a => a.Value));

    private static async Task<(RuntimeHarness Harness, string ThreadId, EventCollector Events)> StartAsync(Func<ChatContext, Task> handler)
    {
        var harness = await RuntimeHarness.StartAsync(new AppScript { Message = (chat, _) => handler(chat) });
        var (threadId, events) = await harness.NewThreadAsync();
        return (harness, threadId, events);
    }

    [Fact]
    public async Task RunToolLoopAsync_TwoRounds_EachCallAStepAndResultsGoBackToTheModel()
    {
        var model = new ScriptedChatClient()
            .Then(Text("Checking. "), With(Call("c1", "weather", ("city", "Paris"))))
            .Then(With(Call("c2", "clock", ("zone", "CET"))))
            .Then(Text("Sunny at noon."));
        var weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "weather");
        var clock = AIFunctionFactory.Create((string zone) => "12:00", "clock");
        ToolLoopResult? result = null;
        var (harness, threadId, events) = await StartAsync(async chat =>
            result = await chat.RunToolLoopAsync(model, chat.History.ToChatMessages(), new ToolLoopOptions { Tools = [weather, clock] }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "weather?");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(2, result!.ToolRounds);
        Assert.Equal("Sunny at noon.", result.Reply.Content);
        var items = events.Replica.Items.Where(i => i.RunId == accepted.RunId).ToList();
        Assert.Equal(["assistant_message:Checking. ", "step:weather:sunny in Paris", "step:clock:12:00", "assistant_message:Sunny at noon."], items.Select(Describe));
        Assert.All(items, i => Assert.Equal(ItemStatus.Completed, i.Status));
        var second = model.Requests[1];
        Assert.NotNull(second.Options?.Tools);
        var toolResult = second.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal(("c1", "sunny in Paris"), (toolResult.CallId, ModelResult(toolResult)));
        Assert.Contains(model.Requests[2].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>(), r => r.CallId == "c2");
    }

    [Fact]
    public async Task RunToolLoopAsync_MaxRoundsReached_LastCallOffersNoTools()
    {
        var model = new ScriptedChatClient()
            .Then(With(Call("c1", "again")))
            .Then(options => options?.Tools is { Count: > 0 } ? [With(Call("c2", "again"))] : [Text("Giving up on tools.")]);
        var again = AIFunctionFactory.Create(() => "more", "again");
        var (harness, threadId, events) = await StartAsync(chat =>
            chat.RunToolLoopAsync(model, [], new ToolLoopOptions { Tools = [again], MaxRounds = 1 }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Null(model.Requests[1].Options?.Tools);
        Assert.Equal("Giving up on tools.", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
        Assert.Equal(RunStatus.Completed, events.Replica.RunsFinished[accepted.RunId].Status);
    }

    [Fact]
    public async Task RunToolLoopAsync_ApprovalAsksTheUser_DeclinedCallNotRunAndAskNestedInItsStep()
    {
        var ran = false;
        var model = new ScriptedChatClient()
            .Then(With(Call("c1", "delete_account", ("user", "ada"))))
            .Then(Text("Okay, I left it."));
        var delete = AIFunctionFactory.Create((string user) => ran = true, "delete_account");
        var (harness, threadId, events) = await StartAsync(chat => chat.RunToolLoopAsync(model, [], new ToolLoopOptions
        {
            Tools = [delete],
            ApproveAsync = async call => await call.Chat.AskAsync($"Allow **{call.Call.Name}**? (yes/no)") == "yes",
        }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "delete me");
        var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Single();
        await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, "a1", "no", CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.False(ran);
        var step = events.Replica.Items.OfType<StepItem>().Single(s => s.Name == "delete_account");
        Assert.Equal(step.Id, ask.ParentId);
        Assert.Equal("Declined by the user.", step.Output);
        var told = model.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("declined", ModelResult(told), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunToolLoopAsync_ApprovalWithButtons_RunItRunsTheToolDontRunSkipsIt()
    {
        var runs = new List<string>();
        var model = new ScriptedChatClient()
            .Then(With(Call("c1", "send_email", ("to", "ada")), Call("c2", "send_email", ("to", "bob"))))
            .Then(Text("Sent one."));
        var send = AIFunctionFactory.Create((string to) => { runs.Add(to); return "sent"; }, "send_email");
        var (harness, threadId, events) = await StartAsync(chat => chat.RunToolLoopAsync(model, [], new ToolLoopOptions { Tools = [send], ApproveAsync = ToolApprovals.Buttons }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "email both");
        foreach (var choice in new[] { ToolApprovals.ApproveName, ToolApprovals.DeclineName })
        {
            var ask = (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Count(a => a.Item is AskItem) > (choice == ToolApprovals.ApproveName ? 0 : 1)))
                .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Last();
            Assert.Equal(AskKind.Action, ask.Kind);
            Assert.Equal(["Run it", "Don't run"], ask.Actions.Select(a => a.Label));
            var action = ask.Actions.Single(a => a.Name == choice);
            await harness.Runtime.AnswerAsync(harness.User, threadId, ask.Id, new AskReply { ActionId = action.Id }, CancellationToken.None);
        }

        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));
        Assert.Equal(["ada"], runs);
        var steps = events.Replica.Items.OfType<StepItem>().Where(s => s.Name == "send_email").ToList();
        Assert.Equal(["sent", "Declined by the user."], steps.Select(s => s.Output));
        Assert.All(events.Replica.Items.OfType<AskItem>(), a => Assert.Contains(a.ParentId, steps.Select(s => s.Id)));
    }

    [Fact]
    public async Task RunToolLoopAsync_ToolThrows_StepFailedModelToldSafelyRunCompletes()
    {
        var model = new ScriptedChatClient().Then(With(Call("c1", "broken"))).Then(Text("Sorry, that failed."));
        var broken = AIFunctionFactory.Create(string () => throw new InvalidOperationException("db password is hunter2"), "broken");
        var (harness, threadId, events) = await StartAsync(chat => chat.RunToolLoopAsync(model, [], new ToolLoopOptions { Tools = [broken] }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        var step = events.Replica.Items.OfType<StepItem>().Single(s => s.Name == "broken");
        Assert.Equal((ItemStatus.Failed, true), (step.Status, step.IsError));
        Assert.DoesNotContain("hunter2", step.Output, StringComparison.Ordinal);
        var told = model.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.DoesNotContain("hunter2", ModelResult(told), StringComparison.Ordinal);
        Assert.Equal(RunStatus.Completed, events.Replica.RunsFinished[accepted.RunId].Status);
    }

    [Fact]
    public async Task RunToolLoopAsync_ModelCallsAnUnknownTool_StepFailedAndModelToldSoRunCompletes()
    {
        var model = new ScriptedChatClient().Then(With(Call("c1", "made_up"))).Then(Text("My mistake."));
        var real = AIFunctionFactory.Create(() => "r", "real");
        var (harness, threadId, events) = await StartAsync(chat => chat.RunToolLoopAsync(model, [], new ToolLoopOptions { Tools = [real] }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(ItemStatus.Failed, events.Replica.Items.OfType<StepItem>().Single(s => s.Name == "made_up").Status);
        var told = model.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("no tool named", ModelResult(told), StringComparison.Ordinal);
        Assert.Equal("My mistake.", events.Replica.Items.OfType<AssistantMessage>().Last().Content);
    }

    [Fact]
    public async Task RunToolLoopAsync_StoppedDuringATool_CancelsItAndTheStepIsCancelled()
    {
        var entered = new TaskCompletionSource();
        var model = new ScriptedChatClient().Then(With(Call("c1", "slow")));
        var slow = AIFunctionFactory.Create(async (CancellationToken token) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, "slow");
        var (harness, threadId, events) = await StartAsync(chat => chat.RunToolLoopAsync(model, [], new ToolLoopOptions { Tools = [slow] }));
        await using var _ = harness;
        await using var __ = events;

        var accepted = await harness.SendAsync(threadId, "go");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await harness.Runtime.StopAsync(harness.User, threadId, null, CancellationToken.None);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == accepted.RunId));

        Assert.Equal(RunStatus.Cancelled, events.Replica.RunsFinished[accepted.RunId].Status);
        Assert.Equal(ItemStatus.Cancelled, events.Replica.Items.OfType<StepItem>().Single(s => s.Name == "slow").Status);
    }

    internal static string ModelResult(FunctionResultContent result) => result.Result switch
    {
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { } other => other.ToString()!,
        null => "",
    };

    private static string Describe(ChatItem item) => item switch
    {
        AssistantMessage m => "assistant_message:" + m.Content,
        StepItem s => $"step:{s.Name}:{s.Output}",
        _ => item.GetType().Name,
    };
}
