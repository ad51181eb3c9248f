using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Files;

/// <summary>
/// A path or URL a client puts in any file field is refused and never read or fetched: a canary file
/// on disk must never reach a stored file or the thread, and a loopback listener must see no request.
/// </summary>
public sealed class ClientPathSecurityTests : IAsyncLifetime
{
    private const string Canary = "CANARY-7f3a9c-never-read";
    private ParleyServer _server = null!;
    private ParleyClient _owner = null!;
    private TcpListener _listener = null!;
    private string _canaryPath = "";
    private string _threadId = "";
    private string _askId = "";

    public async Task InitializeAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _server = await ParleyServer.StartAsync(new AppScript { Message = async (chat, _) => await chat.AskAsync("Upload your file") });
        _canaryPath = Path.Combine(_server.DataDirectory, "canary.txt");
        await File.WriteAllTextAsync(_canaryPath, Canary);
        _owner = _server.NewClient();
        _threadId = await _owner.CreateThreadAsync();
        await _owner.SendAsync(_threadId, "start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _owner.GetThreadAsync(_threadId)).Items.OfType<AskItem>().FirstOrDefault() is not { } ask)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }

        _askId = (await _owner.GetThreadAsync(_threadId)).Items.OfType<AskItem>().First().Id;
    }

    public async Task DisposeAsync()
    {
        _listener.Stop();
        _owner.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FileFields_ClientPathOrUrl_RejectedAndNeverReadOrFetched()
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var url = $"http://127.0.0.1:{port}/canary";
        var fileUrl = new Uri(_canaryPath).AbsoluteUri;
        var before = await _owner.GetThreadAsync(_threadId);

        // Upload form: a url or path field instead of (or beside) the bytes.
        foreach (var (field, value) in new[] { ("url", url), ("path", _canaryPath), ("url", fileUrl), ("file", _canaryPath) })
        {
            var form = new MultipartFormDataContent { { new StringContent(_threadId), "threadId" }, { new StringContent(value), field } };
            using var response = await _owner.UploadAsync(form);
            Assert.Equal(400, (int)response.StatusCode);
        }

        // A file part whose name is a path: the name is kept as a display name only.
        var named = await _owner.UploadOkAsync(_threadId, "harmless"u8.ToArray(), _canaryPath, "text/plain");
        Assert.Equal("harmless", await _owner.Http.GetStringAsync(named["url"]!.GetValue<string>()));

        // Attachments: urls, paths and file: URLs.
        foreach (var attachment in new JsonNode[]
        {
            new JsonObject { ["id"] = named["id"]!.GetValue<string>(), ["url"] = url },
            new JsonObject { ["id"] = named["id"]!.GetValue<string>(), ["url"] = fileUrl },
            new JsonObject { ["url"] = url },
            JsonValue.Create(_canaryPath),
            JsonValue.Create(fileUrl),
        })
        {
            using var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/messages", new JsonObject { ["clientId"] = Guid.NewGuid().ToString("n"), ["content"] = "x", ["attachments"] = new JsonArray(attachment) });
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        // Ask answers: file ids that are paths or URLs.
        foreach (var fileId in new[] { _canaryPath, url, fileUrl, "../../canary.txt" })
        {
            using var response = await _owner.PostJsonAsync($"/api/threads/{_threadId}/asks/{_askId}/answer", new JsonObject { ["clientId"] = Guid.NewGuid().ToString("n"), ["fileIds"] = new JsonArray(fileId) });
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        Assert.False(_listener.Pending(), "the server connected to a URL a client sent");
        var after = await _owner.GetThreadAsync(_threadId);
        Assert.Equal(before.LastSeq, after.LastSeq);
        var stored = Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, ".parley", "files"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(stored, f => File.ReadAllText(f).Contains(Canary, StringComparison.Ordinal));
        var snapshot = await _owner.Http.GetStringAsync($"/api/threads/{_threadId}");
        Assert.DoesNotContain(Canary, snapshot, StringComparison.Ordinal);
    }
}
