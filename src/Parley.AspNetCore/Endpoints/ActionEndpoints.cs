using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parley.AspNetCore.Http;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>Clicks on message actions.</summary>
internal static class ActionEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapPost("/threads/{threadId}/actions", RunActionAsync);

    private static async Task<IResult> RunActionAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.ActionRequest, http.Value.MaxRequestBodyBytes);
        var accepted = await runtime.RunActionAsync(ParleyEndpointFilter.UserOf(context), threadId, body.ClientId, body.ItemId, body.ActionId, context.RequestAborted);
        return Results.Json(new ActionResponse(accepted.RunId, accepted.Queued), ParleyHttpJsonContext.Default.ActionResponse, statusCode: StatusCodes.Status202Accepted);
    }
}
