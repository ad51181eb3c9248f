using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parley.AspNetCore.Http;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>The commands on a thread: messages, ask answers, stop, retry, end.</summary>
internal static class CommandEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/threads/{threadId}/messages", PostMessageAsync);
        api.MapPost("/threads/{threadId}/asks/{itemId}/answer", AnswerAsync);
        api.MapPost("/threads/{threadId}/stop", StopAsync);
        api.MapPost("/threads/{threadId}/retry", RetryAsync);
        api.MapPost("/threads/{threadId}/end", EndAsync);
        api.MapPost("/threads/{threadId}/feedback", FeedbackAsync);
    }

    private static async Task<IResult> PostMessageAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.PostMessageRequest, http.Value.MaxRequestBodyBytes);
        var attachments = body.Attachments?.Select(ChatRuntime.AttachmentId).ToList();
        var accepted = await runtime.PostMessageAsync(ParleyEndpointFilter.UserOf(context), threadId, body.ClientId, body.Content, body.Command, attachments, context.RequestAborted);
        return Results.Json(
            new MessageAcceptedResponse(accepted.Item, accepted.RunId, accepted.Queued),
            ParleyHttpJsonContext.Default.MessageAcceptedResponse,
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId, string itemId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.AnswerRequest, http.Value.MaxRequestBodyBytes);
        var reply = new AskReply { ClientId = body.ClientId, Content = body.Content, ActionId = body.ActionId, FileIds = body.FileIds, Value = body.Value is { ValueKind: not System.Text.Json.JsonValueKind.Null } value ? value : null };
        var item = await runtime.AnswerAsync(ParleyEndpointFilter.UserOf(context), threadId, itemId, reply, context.RequestAborted);
        return Results.Json(new ItemResponse(item), ParleyHttpJsonContext.Default.ItemResponse);
    }

    private static async Task<IResult> StopAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.StopRequest, http.Value.MaxRequestBodyBytes);
        var result = await runtime.StopAsync(ParleyEndpointFilter.UserOf(context), threadId, body.RunId, context.RequestAborted);
        return Results.Json(new StopResponse(result.RunId, result.Status), ParleyHttpJsonContext.Default.StopResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RetryAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.RetryRequest, http.Value.MaxRequestBodyBytes);
        if (body.ItemId is null)
        {
            throw ChatCommandExceptions.Invalid("itemId", "itemId is required.");
        }

        var retry = await runtime.RetryAsync(ParleyEndpointFilter.UserOf(context), threadId, body.ClientId, body.ItemId, context.RequestAborted);
        return Results.Json(new RetryResponse(retry.RunId, retry.Queued), ParleyHttpJsonContext.Default.RetryResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> FeedbackAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.FeedbackRequest, http.Value.MaxRequestBodyBytes);
        if (body.ItemId is null || body.Value is null)
        {
            throw ChatCommandExceptions.Invalid(body.ItemId is null ? "itemId" : "value", "itemId and value are required.");
        }

        var item = await runtime.FeedbackAsync(ParleyEndpointFilter.UserOf(context), threadId, body.ItemId, body.Value.Value, body.Comment, context.RequestAborted);
        return Results.Json(new ItemResponse(item), ParleyHttpJsonContext.Default.ItemResponse);
    }

    private static async Task<IResult> EndAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.EmptyRequest, http.Value.MaxRequestBodyBytes);
        await runtime.EndSessionAsync(ParleyEndpointFilter.UserOf(context), threadId, context.RequestAborted);
        return Results.NoContent();
    }
}
