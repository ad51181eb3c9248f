using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Storage;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

public sealed class AsksAndActionsHttpTests
{
    private static readonly ChatAction Like = ChatAction.Create("like", "Like");
    private static readonly ChatAction Orphan = ChatAction.Create("orphan", "Orphan");

    private static AppScript App() => new()
    {
        Message = async (chat, message) =>
        {
            switch (message.Content)
            {
                case "action":
                    await chat.SayAsync("chose " + (await chat.AskActionAsync("Which?", [Like, Orphan])).Label);
                    break;
                case "file":
                    var files = await chat.AskFileAsync("File?", new FileAskOptions { Accept = ["image/*"], MaxSizeMb = 1 });
                    await chat.SayAsync("got " + files[0].Name);
                    break;
                case "element":
                    await chat.SayAsync("value " + (await chat.AskElementAsync("Pick", "Picker")).GetRawText());
                    break;
                default:
                    await chat.SayAsync("offer", new MessageOptions { Actions = [Like, Orphan] });
                    break;
            }
        },
    };

    private static async Task<(ParleyServer Server, ParleyClient Client, string ThreadId, SseReader Events)> StartAsync()
    {
        var server = await ParleyServer.StartAsync(App(), options: o =>
        {
            o.Actions.Add("like", (chat, action) => chat.SayAsync("liked " + action.Action.Id));
            o.Elements.ComponentsFolder = TestComponents.Folder;
        });
        var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        var events = await client.SubscribeAsync(threadId, after: 0);
        return (server, client, threadId, events);
    }

    private static async Task<AskItem> AskAsync(ParleyClient client, SseReader events, string threadId, string word)
    {
        await client.SendAsync(threadId, word);
        return (await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AskItem)))
            .OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AskItem>().Last();
    }

    // The app's reply to "offer": a message carrying the Like and Orphan actions.
    private static async Task<AssistantMessage> OfferAsync(ParleyClient client, SseReader events, string threadId)
    {
        await client.SendAsync(threadId, "offer");
        var added = await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "offer" }));
        return added.OfType<ItemAddedEvent>().Select(a => a.Item).OfType<AssistantMessage>().Single(m => m.Content == "offer");
    }

    private static Task<HttpResponseMessage> AnswerAsync(ParleyClient client, string threadId, string askId, string body) =>
        client.PostRawAsync($"/api/threads/{threadId}/asks/{askId}/answer", body);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ParleyClient.ReadJsonAsync(response);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        if (field is not null)
        {
            Assert.Equal(field, problem["field"]?.GetValue<string>());
        }
    }

    private static async Task<string> SaveFileAsync(ParleyServer server, string threadId, string name, string mime, int size)
    {
        var thread = await server.Services.GetRequiredService<IChatStore>().GetThreadAsync(threadId, CancellationToken.None);
        var record = new FileRecord { Id = "fil_" + Guid.NewGuid().ToString("n"), OwnerId = thread!.OwnerId, ThreadId = threadId, Name = name, Mime = mime, CreatedAt = DateTimeOffset.UtcNow };
        using var content = new MemoryStream(new byte[size]);
        return (await server.Services.GetRequiredService<IFileStore>().SaveAsync(record, content, CancellationToken.None)).Id;
    }

    [Fact]
    public async Task Answer_ActionAsk_200ThenBadAnswers4xxAndSecondAnswer409()
    {
        var (server, client, threadId, events) = await StartAsync();
        await using var _s = server;
        using var _c = client;
        await using var _e = events;
        var ask = await AskAsync(client, events, threadId, "action");

        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, """{"actionId":"act_unknown"}"""), HttpStatusCode.BadRequest, "validation_failed", "actionId");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, """{"content":"Like"}"""), HttpStatusCode.BadRequest, "validation_failed", "content");
        var ok = await AnswerAsync(client, threadId, ask.Id, $$"""{"clientId":"c1","actionId":"{{Like.Id}}"}""");
        var same = await AnswerAsync(client, threadId, ask.Id, $$"""{"clientId":"c1","actionId":"{{Like.Id}}"}""");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, $$"""{"clientId":"c2","actionId":"{{Orphan.Id}}"}"""), HttpStatusCode.Conflict, "ask_not_pending");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "chose Like" }));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(Like.Id, (await ParleyClient.ReadJsonAsync(ok))["item"]!["answer"]!["actionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answer_FileAsk_ValidatesEachFileAndAnswerCarriesFileRefs()
    {
        var (server, client, threadId, events) = await StartAsync();
        await using var _s = server;
        using var _c = client;
        await using var _e = events;
        var ask = await AskAsync(client, events, threadId, "file");
        var pdf = await SaveFileAsync(server, threadId, "doc.pdf", "application/pdf", 10);
        var big = await SaveFileAsync(server, threadId, "big.png", "image/png", 1024 * 1024 + 1);
        var png = await SaveFileAsync(server, threadId, "cat.png", "image/png", 10);
        var png2 = await SaveFileAsync(server, threadId, "dog.png", "image/png", 10);

        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, $$"""{"fileIds":["{{pdf}}"]}"""), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "fileIds");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, $$"""{"fileIds":["{{big}}"]}"""), HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "fileIds");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, $$"""{"fileIds":["{{png}}","{{png2}}"]}"""), HttpStatusCode.BadRequest, "validation_failed", "fileIds");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, """{"fileIds":["fil_nope"]}"""), HttpStatusCode.BadRequest, "validation_failed", "fileIds");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, """{"fileIds":"fil_nope"}"""), HttpStatusCode.BadRequest, "validation_failed");
        using var stranger = server.NewClient();
        await AssertProblemAsync(await AnswerAsync(stranger, threadId, ask.Id, $$"""{"fileIds":["{{png}}"]}"""), HttpStatusCode.NotFound, "thread_not_found");

        var ok = await AnswerAsync(client, threadId, ask.Id, $$"""{"fileIds":["{{png}}"]}""");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: "got cat.png" }));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var file = (await ParleyClient.ReadJsonAsync(ok))["item"]!["answer"]!["files"]![0]!;
        Assert.Equal(("cat.png", "image/png", "/api/files/" + png), (file["name"]!.GetValue<string>(), file["mime"]!.GetValue<string>(), file["url"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Answer_ElementAsk_TakesAnyJsonValue()
    {
        var (server, client, threadId, events) = await StartAsync();
        await using var _s = server;
        using var _c = client;
        await using var _e = events;
        var ask = await AskAsync(client, events, threadId, "element");

        Assert.Equal("Picker", ask.Element?.Component);
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, """{"value":null}"""), HttpStatusCode.BadRequest, "validation_failed", "value");
        await AssertProblemAsync(await AnswerAsync(client, threadId, ask.Id, """{"actionId":"x"}"""), HttpStatusCode.BadRequest, "validation_failed", "actionId");
        var ok = await AnswerAsync(client, threadId, ask.Id, """{"value":{"day":3,"tags":["a"]}}""");
        await events.WaitForAsync(e => e.OfType<ItemAddedEvent>().Any(a => a.Item is AssistantMessage { Content: """value {"day":3,"tags":["a"]}""" }));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Actions_Click_202RunsHandlerAndIsIdempotentByClientId()
    {
        var (server, client, threadId, events) = await StartAsync();
        await using var _s = server;
        using var _c = client;
        await using var _e = events;
        var message = await OfferAsync(client, events, threadId);

        var first = await client.PostJsonAsync($"/api/threads/{threadId}/actions", new { clientId = "k1", itemId = message.Id, actionId = Like.Id });
        var again = await client.PostJsonAsync($"/api/threads/{threadId}/actions", new { clientId = "k1", itemId = message.Id, actionId = Like.Id });
        var runId = (await ParleyClient.ReadJsonAsync(first))["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(runId, (await ParleyClient.ReadJsonAsync(again))["runId"]!.GetValue<string>());
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "liked " + Like.Id);
        Assert.Equal(RunTrigger.Action, events.Events.OfType<RunStartedEvent>().Single(s => s.RunId == runId).Trigger);
    }

    [Fact]
    public async Task Actions_BadInputs_ProblemWithCodeAndNothingRuns()
    {
        var (server, client, threadId, events) = await StartAsync();
        await using var _s = server;
        using var _c = client;
        await using var _e = events;
        var message = await OfferAsync(client, events, threadId);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Count() >= 2);
        var runs = events.Events.OfType<RunStartedEvent>().Count();
        var path = $"/api/threads/{threadId}/actions";

        await AssertProblemAsync(await client.PostJsonAsync(path, new { clientId = "a", itemId = message.Id, actionId = Orphan.Id }), (HttpStatusCode)422, "action_not_handled");
        await AssertProblemAsync(await client.PostJsonAsync(path, new { clientId = "b", itemId = message.Id, actionId = "act_nope" }), HttpStatusCode.NotFound, "action_not_found");
        await AssertProblemAsync(await client.PostJsonAsync(path, new { clientId = "c", itemId = "itm_nope", actionId = Like.Id }), HttpStatusCode.NotFound, "item_not_found");
        await AssertProblemAsync(await client.PostJsonAsync(path, new { clientId = "d", itemId = message.Id }), HttpStatusCode.BadRequest, "validation_failed", "actionId");
        await AssertProblemAsync(await client.PostJsonAsync(path, new { itemId = message.Id, actionId = Like.Id }), HttpStatusCode.BadRequest, "validation_failed", "clientId");
        await AssertProblemAsync(await client.PostRawAsync(path, "{not json"), HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(await client.PostRawAsync(path, "{}", "text/plain"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertProblemAsync(await client.PostJsonAsync($"/api/threads/thr_nope/actions", new { clientId = "e", itemId = message.Id, actionId = Like.Id }), HttpStatusCode.NotFound, "thread_not_found");
        using var stranger = server.NewClient();
        await AssertProblemAsync(await stranger.PostJsonAsync(path, new { clientId = "f", itemId = message.Id, actionId = Like.Id }), HttpStatusCode.NotFound, "thread_not_found");

        Assert.Equal(runs, events.Events.OfType<RunStartedEvent>().Count());
        var view = await client.GetThreadAsync(threadId);
        Assert.Equal(2, view.Items.OfType<AssistantMessage>().Single(m => m.Id == message.Id).Actions.Count);
    }

    [Fact]
    public async Task AppInfo_ListsEveryAskKind()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = server.NewClient();
        var info = JsonNode.Parse(await client.Http.GetStringAsync("/api/app"))!;

        Assert.Equal(["text", "action", "file", "element"], info["features"]!["asks"]!.AsArray().Select(a => a!.GetValue<string>()));
    }
}
