using System.Net;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Files;

/// <summary><c>POST /api/files</c>: limits, types decided by the server, owners, and nothing but the two fields.</summary>
public sealed class FileUploadTests : IAsyncLifetime
{
    private const int MaxBytes = 64 * 1024;
    private ParleyServer _server = null!;
    private ParleyClient _owner = null!;
    private ParleyClient _stranger = null!;
    private string _threadId = "";

    public async Task InitializeAsync()
    {
        _server = await ParleyServer.StartAsync(new AppScript { Message = (chat, _) => chat.SayAsync("ok") }, options: o => o.Uploads.MaxFileBytes = MaxBytes);
        _owner = _server.NewClient();
        _stranger = _server.NewClient();
        _threadId = await _owner.CreateThreadAsync();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _stranger.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Upload_WithinLimits_201AndServedToOwner()
    {
        var file = await _owner.UploadOkAsync(_threadId, Uploads.Png, "../../etc/photo.png", "image/png");

        var id = file["id"]!.GetValue<string>();
        Assert.StartsWith("fil_", id, StringComparison.Ordinal);
        Assert.Equal("photo.png", file["name"]!.GetValue<string>());
        Assert.Equal("image/png", file["mime"]!.GetValue<string>());
        Assert.Equal(Uploads.Png.Length, file["size"]!.GetValue<long>());
        Assert.Equal("/api/files/" + id, file["url"]!.GetValue<string>());
        var bytes = await _owner.Http.GetByteArrayAsync("/api/files/" + id);
        Assert.Equal(Uploads.Png, bytes);
        Assert.True(File.Exists(Path.Combine(_server.DataDirectory, ".parley", "files", "files", id + ".bin")), "the local folder is the default file store");
    }

    [Fact]
    public async Task Upload_TextWithoutDeclaredType_TypeFromName()
    {
        var file = await _owner.UploadOkAsync(_threadId, "a,b\n1,2\n"u8.ToArray(), "data.csv", null);

        Assert.Equal("text/csv", file["mime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_AnotherUsersFile_404()
    {
        var file = await _owner.UploadOkAsync(_threadId, "hello"u8.ToArray(), "a.txt", "text/plain");

        using var response = await _stranger.Http.GetAsync(file["url"]!.GetValue<string>());

        await Uploads.AssertProblemAsync(response, 404, "file_not_found");
    }

    [Fact]
    public async Task Upload_OverLimitWithLength_413()
    {
        using var response = await _owner.UploadAsync(Uploads.Form(_threadId, new byte[MaxBytes + 1], "big.txt", "text/plain"));

        await Uploads.AssertProblemAsync(response, 413, "payload_too_large");
        await AssertNoFilesAsync();
    }

    [Fact]
    public async Task Upload_OverLimitChunked_413WhileStreaming()
    {
        var form = Uploads.Form(_threadId, new byte[4 * MaxBytes], "big.txt", "text/plain");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = new StreamContent(await form.ReadAsStreamAsync()) };
        request.Content.Headers.ContentType = form.Headers.ContentType;
        request.Headers.TransferEncodingChunked = true;

        using var response = await _owner.Http.SendAsync(request);

        await Uploads.AssertProblemAsync(response, 413, "payload_too_large");
        await AssertNoFilesAsync();
    }

    [Theory]
    [InlineData("page.html", "text/html")]
    [InlineData("tool.exe", "application/octet-stream")]
    [InlineData("drawing.svg", "image/svg+xml")]
    [InlineData("noextension", null)]
    public async Task Upload_TypeNotAccepted_415(string name, string? mime)
    {
        using var response = await _owner.UploadAsync(Uploads.Form(_threadId, "<script>alert(1)</script>"u8.ToArray(), name, mime));

        await Uploads.AssertProblemAsync(response, 415, "unsupported_media_type");
        await AssertNoFilesAsync();
    }

    [Theory]
    [InlineData("photo.png", "image/png")] // an HTML page that says it is a PNG
    [InlineData("report.pdf", "application/pdf")]
    [InlineData("photo.png", "text/plain")] // declared type and name disagree
    [InlineData("notes.txt", "image/png")]
    public async Task Upload_SpoofedType_415(string name, string mime)
    {
        using var response = await _owner.UploadAsync(Uploads.Form(_threadId, "<html><script>alert(1)</script></html>"u8.ToArray(), name, mime));

        await Uploads.AssertProblemAsync(response, 415, "unsupported_media_type");
        await AssertNoFilesAsync();
    }

    [Theory]
    [InlineData("url", "http://127.0.0.1:1/secret")]
    [InlineData("path", "/etc/passwd")]
    [InlineData("name", "x")]
    public async Task Upload_ExtraField_400(string field, string value)
    {
        using var response = await _owner.UploadAsync(Uploads.Form(_threadId, Uploads.Png, "photo.png", "image/png", (field, value)));

        var problem = await Uploads.AssertProblemAsync(response, 400, "validation_failed");
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        await AssertNoFilesAsync();
    }

    [Fact]
    public async Task Upload_ExtraFieldAfterFile_400AndNothingStored()
    {
        var form = Uploads.Form(_threadId, Uploads.Png, "photo.png", "image/png");
        form.Add(new StringContent("/etc/passwd"), "path");

        using var response = await _owner.UploadAsync(form);

        await Uploads.AssertProblemAsync(response, 400, "validation_failed");
        await AssertNoFilesAsync();
    }

    [Fact]
    public async Task Upload_NoThreadId_400()
    {
        using var response = await _owner.UploadAsync(Uploads.Form(null, Uploads.Png, "photo.png", "image/png"));

        await Uploads.AssertProblemAsync(response, 400, "validation_failed");
    }

    [Fact]
    public async Task Upload_NotMultipart_415()
    {
        using var response = await _owner.PostRawAsync("/api/files", """{"threadId":"x","url":"http://example.com"}""");

        await Uploads.AssertProblemAsync(response, 415, "unsupported_media_type");
    }

    [Fact]
    public async Task Upload_AnotherUsersThread_404()
    {
        using var response = await _stranger.UploadAsync(Uploads.Form(_threadId, Uploads.Png, "photo.png", "image/png"));

        await Uploads.AssertProblemAsync(response, 404, "thread_not_found");
        await AssertNoFilesAsync();
    }

    [Fact]
    public async Task App_DescribesUploadLimits()
    {
        var app = await ParleyClient.ReadJsonAsync(await _owner.Http.GetAsync("/api/app"));

        var uploads = app["features"]!["uploads"]!;
        Assert.True(uploads["enabled"]!.GetValue<bool>());
        Assert.Equal(MaxBytes, uploads["maxFileBytes"]!.GetValue<long>());
        Assert.Equal(10, uploads["maxFiles"]!.GetValue<int>());
        Assert.Contains("image/*", uploads["accept"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task DeleteThread_FilesDeleted()
    {
        var file = await _owner.UploadOkAsync(_threadId, "hello"u8.ToArray(), "a.txt", "text/plain");

        using var deleted = await _owner.SendRawAsync(HttpMethod.Delete, $"/api/threads/{_threadId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var response = await _owner.Http.GetAsync(file["url"]!.GetValue<string>());
        await Uploads.AssertProblemAsync(response, 404, "file_not_found");
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, ".parley", "files"), "*", SearchOption.AllDirectories), f => !Path.GetFileName(f).StartsWith(".tmp", StringComparison.Ordinal));
    }

    private Task AssertNoFilesAsync()
    {
        var root = Path.Combine(_server.DataDirectory, ".parley", "files", "files");
        var files = Directory.Exists(root) ? Directory.GetFiles(root) : [];
        Assert.Empty(files);
        return Task.CompletedTask;
    }
}
