using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Parley.AspNetCore.Tests.Files;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

/// <summary>Chat settings, profiles, starters, slash commands and feedback over HTTP.</summary>
public sealed class SettingsHttpTests : IAsyncLifetime
{
    private ParleyServer _server = null!;
    private ParleyClient _owner = null!;
    private ParleyClient _stranger = null!;
    private readonly AppScript _script = new()
    {
        ChatStart = chat => chat.SayAsync("hello"),
        Message = (chat, message) => chat.SayAsync($"{message.Command ?? "-"}:{message.Content}"),
        SettingsUpdate = (chat, update) => chat.SayAsync($"changed {string.Join(",", update.Changed)} to {chat.Settings.GetString("model")}"),
    };

    public async Task InitializeAsync()
    {
        _server = await ParleyServer.StartAsync(_script, options: o =>
        {
            o.Chat.Profiles.Add(new ChatProfile { Name = "Fast", Icon = "⚡", Starters = [new Starter("Haiku", "Write a haiku", "/icons/pen.svg", "draft")] });
            o.Chat.Profiles.Add(new ChatProfile { Name = "Deep research", Description = "Slow and thorough", IsDefault = true });
            o.Chat.Starters.Add(new Starter("Plan", "Plan a trip", "sparkles"));
            o.Chat.Commands.Add(new SlashCommand("search", "Search the web", "search"));
            o.Chat.Commands.Add(new SlashCommand("draft", "Draft a text"));
            o.Chat.Settings.Add(new SelectSetting { Id = "model", Label = "Model", Options = [new("small"), new("large")] });
            o.Chat.Settings.Add(new SliderSetting { Id = "temperature", Min = 0, Max = 1, Step = 0.5 });
        });
        _owner = _server.NewClient();
        _stranger = _server.NewClient();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _stranger.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetApp_Declared_ProfilesStartersCommands()
    {
        var app = await ParleyClient.ReadJsonAsync(await _owner.Http.GetAsync("/api/app"));

        var profiles = app["profiles"]!.AsArray();
        Assert.Equal(["Fast", "Deep research"], profiles.Select(p => p!["name"]!.GetValue<string>()));
        Assert.True(profiles[1]!["isDefault"]!.GetValue<bool>());
        Assert.Equal("Write a haiku", profiles[0]!["starters"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("draft", profiles[0]!["starters"]![0]!["command"]!.GetValue<string>());
        Assert.Equal("Plan", app["starters"]![0]!["label"]!.GetValue<string>());
        Assert.Equal(["search", "draft"], app["commands"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal("Search the web", app["commands"]![0]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateThread_Profiles_DeclaredOrDefaultElse400()
    {
        var fast = await CreateAsync(new JsonObject { ["clientId"] = "p1", ["profile"] = "Fast" });
        var none = await CreateAsync(new JsonObject { ["clientId"] = "p2" });
        using var unknown = await _owner.Http.PostAsync("/api/threads", Json(new JsonObject { ["clientId"] = "p3", ["profile"] = "Slow" }));

        Assert.Equal(HttpStatusCode.Created, fast.Status);
        Assert.Equal("Fast", fast.Body["thread"]!["profile"]!.GetValue<string>());
        Assert.Equal("Deep research", none.Body["thread"]!["profile"]!.GetValue<string>());
        await AssertProblemAsync(unknown, 400, "profile");
        var list = await ParleyClient.ReadJsonAsync(await _owner.Http.GetAsync("/api/threads"));
        Assert.Equal(2, list["threads"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateThread_DefaultSchema_ThreadHasSchemaAndInitialValues()
    {
        var created = await CreateAsync(new JsonObject { ["clientId"] = "s1" });

        var thread = created.Body["thread"]!;
        Assert.Equal(["select", "slider"], thread["settingsSchema"]!.AsArray().Select(w => w!["type"]!.GetValue<string>()));
        Assert.Equal("Model", thread["settingsSchema"]![0]!["label"]!.GetValue<string>());
        Assert.Equal("small", thread["settings"]!["model"]!.GetValue<string>());
        Assert.Equal(0, thread["settings"]!["temperature"]!.GetValue<double>());
    }

    [Fact]
    public async Task PutSettings_Valid_200ThreadThenSettingsRunAndKeptAfterReload()
    {
        var threadId = await _owner.CreateThreadAsync();

        using var response = await _owner.Http.PutAsync($"/api/threads/{threadId}/settings", Json(new JsonObject { ["values"] = new JsonObject { ["model"] = "large", ["temperature"] = 0.5 } }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ParleyClient.ReadJsonAsync(response);
        Assert.Equal("large", body["thread"]!["settings"]!["model"]!.GetValue<string>());
        var view = await WaitForReplyAsync(threadId, "changed model,temperature to large");
        Assert.Equal("large", view.Thread.Settings!["model"].GetString());
        Assert.Equal(0.5, view.Thread.Settings["temperature"].GetDouble());
    }

    [Theory]
    [InlineData("""{"values":{"nope":1}}""", "values.nope")]
    [InlineData("""{"values":{"model":"medium"}}""", "values.model")]
    [InlineData("""{"values":{"model":3}}""", "values.model")]
    [InlineData("""{"values":{"temperature":0.25}}""", "values.temperature")]
    [InlineData("""{"values":{"temperature":2}}""", "values.temperature")]
    [InlineData("""{"values":{"temperature":"1"}}""", "values.temperature")]
    [InlineData("""{}""", "values")]
    [InlineData("""{"values":[1]}""", null)]
    [InlineData("""not json""", null)]
    public async Task PutSettings_Bad_400WithFieldAndNothingChanged(string body, string? field)
    {
        var threadId = await _owner.CreateThreadAsync();
        await WaitForReplyAsync(threadId, "hello");
        var before = await _owner.GetThreadAsync(threadId);

        using var response = await _owner.Http.PutAsync($"/api/threads/{threadId}/settings", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, 400, field);
        var after = await _owner.GetThreadAsync(threadId);
        Assert.Equal(before.LastSeq, after.LastSeq);
        Assert.Equal("small", after.Thread.Settings!["model"].GetString());
    }

    [Fact]
    public async Task PutSettings_AnotherUsersThread_404()
    {
        var threadId = await _owner.CreateThreadAsync();

        using var response = await _stranger.Http.PutAsync($"/api/threads/{threadId}/settings", Json(new JsonObject { ["values"] = new JsonObject { ["model"] = "large" } }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("thread_not_found", (await ParleyClient.ReadJsonAsync(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostMessage_Commands_DeclaredArrivesUndeclared400()
    {
        var threadId = await _owner.CreateThreadAsync();

        using var ok = await _owner.Http.PostAsync($"/api/threads/{threadId}/messages", Json(new JsonObject { ["clientId"] = "m1", ["content"] = "cats", ["command"] = "search" }));
        using var bad = await _owner.Http.PostAsync($"/api/threads/{threadId}/messages", Json(new JsonObject { ["clientId"] = "m2", ["content"] = "cats", ["command"] = "paint" }));

        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("search", (await ParleyClient.ReadJsonAsync(ok))["item"]!["command"]!.GetValue<string>());
        await AssertProblemAsync(bad, 400, "command");
        await WaitForReplyAsync(threadId, "search:cats");
    }

    [Fact]
    public async Task PostMessage_UndeclaredCommandWithAttachments_400AndNothingPosted()
    {
        var threadId = await _owner.CreateThreadAsync();
        var file = await _owner.UploadOkAsync(threadId, Uploads.Png, "a.png", "image/png");

        using var bad = await _owner.Http.PostAsync($"/api/threads/{threadId}/messages", Json(new JsonObject
        {
            ["clientId"] = "a1",
            ["content"] = "",
            ["command"] = "paint",
            ["attachments"] = new JsonArray(file["id"]!.GetValue<string>()),
        }));

        await AssertProblemAsync(bad, 400, "command");
        var snapshot = await ParleyClient.ReadJsonAsync(await _owner.Http.GetAsync($"/api/threads/{threadId}"));
        Assert.DoesNotContain(snapshot["items"]!.AsArray(), i => i!["type"]!.GetValue<string>() == "user_message");
    }

    [Fact]
    public async Task Feedback_WithComment_HookCalledAndShownAfterReload()
    {
        var seen = new TaskCompletionSource<FeedbackContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Feedback = context =>
        {
            seen.TrySetResult(context);
            return Task.CompletedTask;
        };
        var threadId = await _owner.CreateThreadAsync();
        var view = await WaitForReplyAsync(threadId, "hello");
        var reply = view.Items.OfType<AssistantMessage>().Single();

        using var response = await _owner.Http.PostAsync($"/api/threads/{threadId}/feedback", Json(new JsonObject { ["itemId"] = reply.Id, ["value"] = -1, ["comment"] = "too terse" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var context = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(reply.Id, context.Item.Id);
        Assert.Equal("too terse", context.Comment);
        Assert.Equal(-1, context.Value);
        var reloaded = await _owner.GetThreadAsync(threadId);
        var feedback = reloaded.Items.Single(i => i.Id == reply.Id).Metadata!["feedback"];
        Assert.Equal("too terse", feedback.GetProperty("comment").GetString());
        Assert.Equal(-1, feedback.GetProperty("value").GetInt32());
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> CreateAsync(JsonObject body)
    {
        using var response = await _owner.Http.PostAsync("/api/threads", Json(body));
        return (response.StatusCode, await ParleyClient.ReadJsonAsync(response));
    }

    private async Task<ThreadView> WaitForReplyAsync(string threadId, string content)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var view = await _owner.GetThreadAsync(threadId);
            if (view.Items.OfType<AssistantMessage>().Any(m => m.Content == content) && view.ActiveRun is null)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no reply '{content}'");
            await Task.Delay(10);
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        if (field is not null)
        {
            Assert.Equal(field, problem["field"]?.GetValue<string>());
        }
    }
}
