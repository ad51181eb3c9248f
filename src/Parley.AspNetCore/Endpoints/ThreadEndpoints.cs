using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parley.AspNetCore.Http;
using Parley.Hosting;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>The app description and thread CRUD: <c>/api/app</c>, <c>/api/threads</c>, <c>/api/threads/{id}</c>.</summary>
internal static class ThreadEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/app", GetApp);
        api.MapPost("/threads", CreateThreadAsync);
        api.MapGet("/threads", ListThreadsAsync);
        api.MapGet("/threads/{threadId}", GetThreadAsync);
        api.MapPatch("/threads/{threadId}", UpdateThreadAsync);
        api.MapDelete("/threads/{threadId}", DeleteThreadAsync);
    }

    private static IResult GetApp(IOptions<ParleyOptions> options, IOptions<ParleyHttpOptions> http) =>
        Results.Json(
            new AppInfoResponse(
                options.Value.AppName,
                options.Value.Chat.Profiles,
                options.Value.Chat.Starters,
                options.Value.Chat.Commands,
                new AppFeatures(Stop: true, Retry: true, Asks: ["text", "action", "file", "element"], Uploads: new UploadFeature(options.Value.Uploads.Enabled, options.Value.Uploads.MaxFileBytes, options.Value.Uploads.MaxFilesPerMessage, [.. options.Value.Uploads.Accept])) { Audio = EmbeddingEndpoints.AudioFeatureOf(options.Value, http.Value), WindowMessages = EmbeddingEndpoints.WindowMessagesFeatureOf(http.Value) },
                new AppAuth(Anonymous: http.Value.AllowAnonymous)),
            ParleyHttpJsonContext.Default.AppInfoResponse);

    private static async Task<IResult> CreateThreadAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.CreateThreadRequest, http.Value.MaxRequestBodyBytes);
        var created = await runtime.CreateThreadAsync(ParleyEndpointFilter.UserOf(context), body.ClientId, body.Profile, body.Metadata, context.RequestAborted);
        return Results.Json(
            new ThreadCreatedResponse(created.Thread, created.LastSeq),
            ParleyHttpJsonContext.Default.ThreadCreatedResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListThreadsAsync(HttpContext context, ChatRuntime runtime)
    {
        var query = context.Request.Query;
        var limit = 20;
        if (query.TryGetValue("limit", out var limitText) &&
            !int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            throw ChatCommandExceptions.Invalid("limit", "limit must be a whole number.");
        }

        var page = await runtime.ListThreadsAsync(ParleyEndpointFilter.UserOf(context), limit, Single(query, "cursor"), Single(query, "q"), context.RequestAborted);
        return Results.Json(new ThreadListResponse(page.Threads, page.NextCursor), ParleyHttpJsonContext.Default.ThreadListResponse);
    }

    private static async Task<IResult> GetThreadAsync(HttpContext context, ChatRuntime runtime, string threadId)
    {
        var view = await runtime.GetThreadAsync(ParleyEndpointFilter.UserOf(context), threadId, context.RequestAborted);
        return Results.Json(
            new SnapshotResponse(
                view.Thread,
                view.Items,
                view.LastSeq,
                view.ActiveRun is { } active ? new ActiveRunResponse(active.RunId, active.Trigger, active.AllowCancel) : null,
                view.Queued.Select(q => new QueuedRunResponse(q.RunId, q.Trigger, q.ItemId)).ToList()),
            ParleyHttpJsonContext.Default.SnapshotResponse);
    }

    private static async Task<IResult> UpdateThreadAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.UpdateThreadRequest, http.Value.MaxRequestBodyBytes);
        if (body.Name is null && body.Metadata is null)
        {
            throw ChatCommandExceptions.Invalid("name", "Give a name or metadata to change.");
        }

        var thread = await runtime.UpdateThreadAsync(ParleyEndpointFilter.UserOf(context), threadId, body.Name, body.Metadata, context.RequestAborted);
        return Results.Json(new ThreadResponse(thread), ParleyHttpJsonContext.Default.ThreadResponse);
    }

    private static async Task<IResult> DeleteThreadAsync(HttpContext context, ChatRuntime runtime, string threadId)
    {
        await runtime.DeleteThreadAsync(ParleyEndpointFilter.UserOf(context), threadId, context.RequestAborted);
        return Results.NoContent();
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Count == 1 ? values[0] : throw ChatCommandExceptions.Invalid(name, $"{name} must be given once.") : null;
}
