using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Parley.AspNetCore.Tests.Infrastructure;

namespace Parley.AspNetCore.Tests.Ui;

public sealed partial class UiEndpointTests
{
    [Fact]
    public async Task Root_ServesThePageWithBaseHrefAndStrictCsp()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = server.NewClient();

        using var response = await client.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<base href=\"/\" />", html, StringComparison.Ordinal);
        Assert.Contains("<div id=\"root\">", html, StringComparison.Ordinal);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task DeepLink_ServesThePage_ApiPathsStayProblems()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = server.NewClient();

        using var page = await client.Http.GetAsync("/t/thr_anything");
        using var api = await client.Http.GetAsync("/api/nothing.json");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Assets_HashedFilesCachedForAYear_WithETag()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = server.NewClient();
        var html = await client.Http.GetStringAsync("/");
        var script = ScriptRegex().Match(html).Groups[1].Value;

        using var response = await client.Http.GetAsync("/" + script);
        var request = new HttpRequestMessage(HttpMethod.Get, "/" + script);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(response.Headers.ETag!.ToString()));
        using var again = await client.Http.SendAsync(request);
        using var missing = await client.Http.GetAsync("/assets/none.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ServeUiFalse_OnlyTheApi()
    {
        await using var server = await ParleyServer.StartAsync(http: o => o.ServeUi = false);
        using var client = server.NewClient();

        using var page = await client.Http.GetAsync("/");
        using var app = await client.Http.GetAsync("/api/app");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
    }

    [GeneratedRegex("src=\"\\./(assets/[^\"]+\\.js)\"")]
    private static partial Regex ScriptRegex();
}
