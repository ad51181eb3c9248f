using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Parley.OpenAI.Tests;

/// <summary>
/// An OpenAI-compatible server on loopback that speaks the real streaming wire format: SSE
/// <c>chat.completion.chunk</c> frames, then <c>data: [DONE]</c>. Each request plays the next script;
/// every request body is recorded, and a client closing the connection is observed.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<Func<HttpContext, Task>> _scripts = new();
    private readonly Lock _sync = new();

    private FakeOpenAIServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public List<JsonObject> Requests { get; } = [];

    /// <summary>Completed when a client closed a response the server was still writing or holding.</summary>
    public TaskCompletionSource<DateTime> ConnectionClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First() + "/v1");
        return server;
    }

    public OpenAIProviderOptions Options => new() { BaseUrl = BaseUrl, ApiKey = "test-key", Model = "fake-model" };

    /// <summary>Streams the chunks, then <c>[DONE]</c>.</summary>
    public FakeOpenAIServer ThenStream(params JsonObject[] chunks) => Then(async context =>
    {
        await StartStreamAsync(context);
        foreach (var chunk in chunks)
        {
            await WriteAsync(context, chunk);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    });

    /// <summary>Streams the chunks, then holds the response open until the client goes away.</summary>
    public FakeOpenAIServer ThenStall(params JsonObject[] chunks) => Then(async context =>
    {
        await StartStreamAsync(context);
        foreach (var chunk in chunks)
        {
            await WriteAsync(context, chunk);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            ConnectionClosed.TrySetResult(DateTime.UtcNow);
        }
    });

    /// <summary>Streams the chunks, then drops the connection mid-stream.</summary>
    public FakeOpenAIServer ThenDrop(params JsonObject[] chunks) => Then(async context =>
    {
        await StartStreamAsync(context);
        foreach (var chunk in chunks)
        {
            await WriteAsync(context, chunk);
        }

        // Let the client read what was sent before the reset, as a real mid-stream failure does.
        await Task.Delay(200, context.RequestAborted);
        context.Abort();
    });

    /// <summary>Answers with an HTTP error, as OpenAI does (<c>{"error": {...}}</c>).</summary>
    public FakeOpenAIServer ThenError(int status, string message) => Then(context =>
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "server_error" } }, context.RequestAborted);
    });

    public FakeOpenAIServer Then(Func<HttpContext, Task> script)
    {
        lock (_sync)
        {
            _scripts.Enqueue(script);
        }

        return this;
    }

    public static JsonObject Text(string text) => Chunk(new JsonObject { ["content"] = text });

    public static JsonObject Reasoning(string text) => Chunk(new JsonObject { ["reasoning_content"] = text });

    public static JsonObject ToolCall(int index, string? id, string? name, string arguments)
    {
        var function = new JsonObject { ["arguments"] = arguments };
        if (name is not null)
        {
            function["name"] = name;
        }

        var call = new JsonObject { ["index"] = index, ["function"] = function };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
        }

        return Chunk(new JsonObject { ["tool_calls"] = new JsonArray(call) });
    }

    public static JsonObject Finish(string reason) => Chunk(new JsonObject(), reason);

    public static JsonObject Usage(int prompt, int completion) => new()
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "fake-model",
        ["choices"] = new JsonArray(),
        ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static JsonObject Chunk(JsonObject delta, string? finishReason = null) => new()
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "fake-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, JsonObject chunk)
    {
        await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", Encoding.UTF8, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        Func<HttpContext, Task>? script;
        lock (_sync)
        {
            Requests.Add(body!.AsObject());
            _scripts.TryDequeue(out script);
        }

        if (script is null)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message = "no script left" } }), context.RequestAborted);
            return;
        }

        await script(context);
    }
}
