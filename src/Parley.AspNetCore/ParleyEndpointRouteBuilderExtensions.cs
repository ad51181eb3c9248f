using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.AspNetCore.Endpoints;
using Parley.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Parley's HTTP API.</summary>
public static class ParleyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the protocol's API under <c>{prefix}/api</c>: the app description, threads, snapshots,
    /// the event stream (SSE) and the commands. Every request is made as a user (see
    /// <c>IChatUserResolver</c>) who sees only their own threads.
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="prefix">A path prefix for the whole chat; empty (the default) mounts it at the root.</param>
    /// <returns>The API's route group, to add conventions (authorization, rate limiting, CORS).</returns>
    public static RouteGroupBuilder MapParley(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(prefix.TrimEnd('/') + "/api");
        api.AddEndpointFilter<ParleyEndpointFilter>();
        ThreadEndpoints.Map(api);
        CommandEndpoints.Map(api);
        EventStreamEndpoint.Map(api);
        api.MapFallback(() => ProblemResults.Problem(StatusCodes.Status404NotFound, "not_found", "There is no such API endpoint."));
        return api;
    }
}
