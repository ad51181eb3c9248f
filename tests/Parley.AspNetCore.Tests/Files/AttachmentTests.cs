using System.Net;
using System.Text.Json.Nodes;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Files;

/// <summary>Attachments on <c>POST /messages</c>: ids of the caller's files in the thread, stored as server-built refs.</summary>
public sealed class AttachmentTests : IAsyncLifetime
{
    private readonly List<(string Name, long Size, string Text)> _seen = [];
    private ParleyServer _server = null!;
    private ParleyClient _owner = null!;
    private string _threadId = "";

    public async Task InitializeAsync()
    {
        _server = await ParleyServer.StartAsync(
            new AppScript
            {
                Message = async (chat, message) =>
                {
                    foreach (var file in message.Attachments)
                    {
                        var bytes = await chat.Files.ReadAllBytesAsync(file);
                        lock (_seen)
                        {
                            _seen.Add((file.Name, bytes.Length, System.Text.Encoding.UTF8.GetString(bytes)));
                        }
                    }

                    var saved = await chat.Files.SaveAsync("reply.txt", "text/plain", "made by the app"u8.ToArray());
                    await chat.SayAsync("saved " + saved.Url);
                },
            },
            options: o => o.Uploads.MaxFilesPerMessage = 2);
        _owner = _server.NewClient();
        _threadId = await _owner.CreateThreadAsync();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PostMessage_AttachmentIdsAndRefs_StoredAsServerRefs()
    {
        var a = await _owner.UploadOkAsync(_threadId, "alpha"u8.ToArray(), "a.txt", "text/plain");
        var b = await _owner.UploadOkAsync(_threadId, "beta!"u8.ToArray(), "b.md", "text/markdown");
        var asRef = new JsonObject { ["id"] = b["id"]!.GetValue<string>(), ["name"] = "renamed.exe", ["mime"] = "text/html", ["size"] = 1, ["url"] = b["url"]!.GetValue<string>() };

        using var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", new JsonObject { ["clientId"] = "m1", ["content"] = "", ["attachments"] = new JsonArray(a["id"]!.GetValue<string>(), asRef) });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var item = (await ParleyClient.ReadJsonAsync(response))["item"]!;
        var attachments = item["attachments"]!.AsArray();
        Assert.Equal(2, attachments.Count);
        Assert.Equal(a.ToJsonString(), attachments[0]!.ToJsonString());
        Assert.Equal(b.ToJsonString(), attachments[1]!.ToJsonString());
        await WaitForAsync(() => _seen.Count == 2);
        Assert.Contains(("a.txt", 5L, "alpha"), _seen);
        Assert.Contains(("b.md", 5L, "beta!"), _seen);

        var view = await _owner.GetThreadAsync(_threadId);
        var stored = Assert.IsType<UserMessage>(view.Items.First(i => i is UserMessage));
        Assert.Equal(["a.txt", "b.md"], stored.Attachments.Select(f => f.Name));
        Assert.Equal("a.txt", view.Thread.Name);
    }

    [Fact]
    public async Task PostMessage_SameClientIdAgain_SameMessageOnce()
    {
        var a = await _owner.UploadOkAsync(_threadId, "alpha"u8.ToArray(), "a.txt", "text/plain");
        var body = new JsonObject { ["clientId"] = "again", ["content"] = "see file", ["attachments"] = new JsonArray(a["id"]!.GetValue<string>()) };

        using var first = await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", body);
        using var second = await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", body.DeepClone());

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal((await ParleyClient.ReadJsonAsync(first))["item"]!["id"]!.ToJsonString(), (await ParleyClient.ReadJsonAsync(second))["item"]!["id"]!.ToJsonString());
        var view = await _owner.GetThreadAsync(_threadId);
        Assert.Single(view.Items.OfType<UserMessage>());
    }

    [Fact]
    public async Task PostMessage_BadAttachments_RefusedAndNothingChanged()
    {
        var a = await _owner.UploadOkAsync(_threadId, "alpha"u8.ToArray(), "a.txt", "text/plain");
        var id = a["id"]!.GetValue<string>();
        var otherThread = await _owner.CreateThreadAsync();
        var other = await _owner.UploadOkAsync(otherThread, "other"u8.ToArray(), "o.txt", "text/plain");
        using var strangerClient = _server.NewClient();
        var strangerThread = await strangerClient.CreateThreadAsync();
        var foreign = await strangerClient.UploadOkAsync(strangerThread, "mine"u8.ToArray(), "s.txt", "text/plain");
        var b = await _owner.UploadOkAsync(_threadId, "b"u8.ToArray(), "b.txt", "text/plain");
        var c = await _owner.UploadOkAsync(_threadId, "c"u8.ToArray(), "c.txt", "text/plain");
        var before = await _owner.GetThreadAsync(_threadId);

        (JsonNode Attachments, int Status, string Code)[] cases =
        [
            (new JsonArray(new JsonObject { ["id"] = id, ["url"] = "http://127.0.0.1:9/steal" }), 400, "validation_failed"),
            (new JsonArray(new JsonObject { ["id"] = id, ["url"] = "file:///etc/passwd" }), 400, "validation_failed"),
            (new JsonArray(new JsonObject { ["url"] = "/api/files/" + id }), 400, "validation_failed"),
            (new JsonArray(42), 400, "validation_failed"),
            (new JsonArray("/etc/passwd"), 404, "file_not_found"),
            (new JsonArray("fil_doesnotexist"), 404, "file_not_found"),
            (new JsonArray(other["id"]!.GetValue<string>()), 404, "file_not_found"),
            (new JsonArray(foreign["id"]!.GetValue<string>()), 404, "file_not_found"),
            (new JsonArray(id, id), 400, "validation_failed"),
            (new JsonArray(id, b["id"]!.GetValue<string>(), c["id"]!.GetValue<string>()), 400, "validation_failed"),
        ];
        foreach (var (attachments, status, code) in cases)
        {
            using var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", new JsonObject { ["clientId"] = Guid.NewGuid().ToString("n"), ["content"] = "x", ["attachments"] = attachments });
            var problem = await Uploads.AssertProblemAsync(response, status, code);
            Assert.Equal("attachments", problem["field"]?.GetValue<string>());
        }

        var after = await _owner.GetThreadAsync(_threadId);
        Assert.Equal(before.LastSeq, after.LastSeq);
    }

    [Fact]
    public async Task PostMessage_EmptyContentWithoutAttachments_400()
    {
        using var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", new JsonObject { ["clientId"] = "e", ["content"] = "", ["attachments"] = new JsonArray() });

        await Uploads.AssertProblemAsync(response, 400, "validation_failed");
    }

    [Fact]
    public async Task ChatFiles_SaveAsync_ServedToOwner()
    {
        var a = await _owner.UploadOkAsync(_threadId, "alpha"u8.ToArray(), "a.txt", "text/plain");
        await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", new JsonObject { ["clientId"] = "s", ["content"] = "go", ["attachments"] = new JsonArray(a["id"]!.GetValue<string>()) });

        string? url = null;
        await WaitForAsync(async () => (url = (await _owner.GetThreadAsync(_threadId)).Items.OfType<AssistantMessage>().FirstOrDefault()?.Content) is not null);

        Assert.Equal("made by the app", await _owner.Http.GetStringAsync(url!["saved ".Length..]));
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
