using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parley.AspNetCore.Http;
using Parley.Runtime;

namespace Parley.AspNetCore.Endpoints;

/// <summary>Chat settings: <c>PUT /api/threads/{id}/settings</c>.</summary>
internal static class SettingsEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapPut("/threads/{threadId}/settings", UpdateSettingsAsync);

    private static async Task<IResult> UpdateSettingsAsync(HttpContext context, ChatRuntime runtime, IOptions<ParleyHttpOptions> http, string threadId)
    {
        var body = await JsonBody.ReadAsync(context, ParleyHttpJsonContext.Default.UpdateSettingsRequest, http.Value.MaxRequestBodyBytes);
        var thread = await runtime.UpdateSettingsAsync(ParleyEndpointFilter.UserOf(context), threadId, body.Values, context.RequestAborted);
        return Results.Json(new ThreadResponse(thread), ParleyHttpJsonContext.Default.ThreadResponse);
    }
}
