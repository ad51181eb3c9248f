using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Files;

/// <summary>Multipart uploads and problem checks for the file tests.</summary>
internal static class Uploads
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    public static MultipartFormDataContent Form(string? threadId, byte[] bytes, string name, string? mime, params (string Name, string Value)[] extra)
    {
        var form = new MultipartFormDataContent();
        if (threadId is not null)
        {
            form.Add(new StringContent(threadId), "threadId");
        }

        foreach (var (fieldName, value) in extra)
        {
            form.Add(new StringContent(value), fieldName);
        }

        var file = new ByteArrayContent(bytes);
        if (mime is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(mime);
        }

        form.Add(file, "file", name);
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this ParleyClient client, HttpContent form) => client.Http.PostAsync("/api/files", form);

    public static async Task<JsonObject> UploadOkAsync(this ParleyClient client, string threadId, byte[] bytes, string name, string? mime)
    {
        using var response = await client.UploadAsync(Form(threadId, bytes, name, mime));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }
}
