using System.Net;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Identity;

public sealed class AnonymousIdentityTests
{
    [Fact]
    public async Task FirstRequest_IssuesSignedHttpOnlyCookie_SameBrowserKeepsItsThreads()
    {
        await using var server = await ParleyServer.StartAsync();
        using var browser = server.NewClient();

        var threadId = await browser.CreateThreadAsync();
        var cookie = browser.Cookies.GetCookies(server.BaseAddress)["parley_uid"];
        var list = await ParleyClient.ReadJsonAsync(await browser.Http.GetAsync("/api/threads"));

        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.DoesNotContain("usr_", cookie.Value, StringComparison.Ordinal);
        Assert.Equal(threadId, list["threads"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TamperedCookie_IsANewIdentityThatSeesNothing()
    {
        await using var server = await ParleyServer.StartAsync();
        using var browser = server.NewClient();
        var threadId = await browser.CreateThreadAsync();
        var cookie = browser.Cookies.GetCookies(server.BaseAddress)["parley_uid"]!;

        cookie.Value = cookie.Value[..^4] + (cookie.Value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var response = await browser.Http.GetAsync($"/api/threads/{threadId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Identity_SurvivesRestartOnTheSameData()
    {
        var data = Directory.CreateTempSubdirectory("parley-identity-").FullName;
        using var browser = new ParleyClient(new Uri("http://127.0.0.1/"));
        string threadId;
        Uri firstAddress;
        await using (var first = await ParleyServer.StartAsync(dataDirectory: data))
        {
            using var client = first.NewClient();
            threadId = await client.CreateThreadAsync();
            firstAddress = first.BaseAddress;
            foreach (Cookie c in client.Cookies.GetCookies(first.BaseAddress))
            {
                browser.Cookies.Add(new Cookie(c.Name, c.Value, "/", "127.0.0.1"));
            }

            await first.StopAsync();
        }

        await using var second = await ParleyServer.StartAsync(dataDirectory: data);
        using var again = second.NewClient();
        foreach (Cookie c in browser.Cookies.GetCookies(firstAddress))
        {
            again.Cookies.Add(new Cookie(c.Name, c.Value, "/", second.BaseAddress.Host));
        }

        var response = await again.Http.GetAsync($"/api/threads/{threadId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
