using System.Net;
using System.Text.Json;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

public sealed class ElementHttpTests : IDisposable
{
    private const string Canary = "CANARY-7f3a-never-served";

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly string _data = Directory.CreateTempSubdirectory("parley-elements-http-").FullName;

    public ElementHttpTests()
    {
        var components = Directory.CreateDirectory(Path.Combine(_data, "public", "elements")).FullName;
        File.WriteAllText(Path.Combine(components, "Card.html"), "<!doctype html><script src=\"_runtime.js\"></script><p>card component</p>");

        // Canaries outside the components folder, and one inside that is not a component.
        File.WriteAllText(Path.Combine(_data, "appsettings.json"), $$"""{"secret":"{{Canary}}"}""");
        File.WriteAllText(Path.Combine(_data, "public", "secret.html"), Canary);
        File.WriteAllText(Path.Combine(components, "notes.txt"), Canary);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static AppScript SendsElements() => new()
    {
        Message = async (chat, _) =>
        {
            await chat.SayAsync("picture", new MessageOptions { Elements = [ChatElement.Image("dot.png", ElementSource.FromBytes(Png))] });
            await chat.SendElementAsync(ChatElement.Custom("card", "Card", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["n"] = 1 })));
        },
    };

    [Fact]
    public async Task ElementFile_Owner200_OtherUser404()
    {
        await using var server = await ParleyServer.StartAsync(SendsElements(), dataDirectory: _data);
        using var owner = server.NewClient();
        using var stranger = server.NewClient();
        var threadId = await owner.CreateThreadAsync();
        await using var events = await owner.SubscribeAsync(threadId, after: 0);
        var runId = (await owner.SendAsync(threadId, "go"))["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));
        var view = await owner.GetThreadAsync(threadId);
        var image = view.Items.OfType<ElementItem>().Single(e => e.Kind == ElementKind.Image);
        await stranger.CreateThreadAsync();

        var mine = await owner.Http.GetAsync(image.Url);
        var theirs = await stranger.Http.GetAsync(image.Url);

        Assert.StartsWith("/api/files/fil_", image.Url, StringComparison.Ordinal);
        Assert.Equal(view.Items.OfType<AssistantMessage>().Last().Id, image.ForItemId);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("image/png", mine.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await mine.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal("file_not_found", (await ParleyClient.ReadJsonAsync(theirs))["code"]!.GetValue<string>());
        var custom = view.Items.OfType<ElementItem>().Single(e => e.Kind == ElementKind.Custom);
        Assert.Equal("Card", custom.Props!["component"].GetString());
        Assert.Null(custom.Url);
    }

    [Fact]
    public async Task CustomElement_ByName_ServedFromTheCatalogWithSandboxCsp()
    {
        await using var server = await ParleyServer.StartAsync(dataDirectory: _data);
        using var client = server.NewClient();

        var page = await client.Http.GetAsync("/elements/Card");
        var runtime = await client.Http.GetAsync("/elements/_runtime.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("card component", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("sandbox allow-scripts;", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-same-origin", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, runtime.StatusCode);
        Assert.Equal("text/javascript", runtime.Content.Headers.ContentType?.MediaType);
        Assert.Contains("onProps", await runtime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomElement_EmbeddingOriginsConfigured_FramableByThemAsWellAsSelf()
    {
        await using var server = await ParleyServer.StartAsync(dataDirectory: _data, http: o => o.WindowMessageOrigins.Add("https://shop.example.com"));
        using var client = server.NewClient();

        var page = await client.Http.GetAsync("/elements/Card");

        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.EndsWith("frame-ancestors 'self' https://shop.example.com", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/elements/..%2f..%2fappsettings")]
    [InlineData("/elements/..%2fappsettings.json")]
    [InlineData("/elements/..%2F..%2Fappsettings.json")]
    [InlineData("/elements/%2e%2e%2fsecret")]
    [InlineData("/elements/..%5csecret")]
    [InlineData("/elements/secret")]
    [InlineData("/elements/notes")]
    [InlineData("/elements/notes.txt")]
    [InlineData("/elements/Card.html")]
    [InlineData("/elements/card")]
    [InlineData("/elements/Late")]
    public async Task CustomElement_PathLikeOrUnknownName_404AndNoFileRead(string path)
    {
        await using var server = await ParleyServer.StartAsync(dataDirectory: _data);
        using var client = server.NewClient();

        // Enumerated at start-up: a component added later is not served either.
        File.WriteAllText(Path.Combine(_data, "public", "elements", "Late.html"), Canary);
        var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(Canary, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/elements/../appsettings.json")]
    [InlineData("/elements/a/../../appsettings.json")]
    [InlineData("/elements/x/..%2f..%2fappsettings.json")]
    [InlineData("/elements/Card%00")]
    public async Task CustomElement_MultiSegmentPaths_NeverServeAFile(string path)
    {
        await using var server = await ParleyServer.StartAsync(dataDirectory: _data);
        using var client = server.NewClient();

        var response = await client.Http.GetAsync(path);

        // Whatever answers (404, 400, or the chat page itself), it is never the canary's bytes.
        Assert.DoesNotContain(Canary, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
