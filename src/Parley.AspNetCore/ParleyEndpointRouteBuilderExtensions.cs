using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.AspNetCore;
using Parley.AspNetCore.Endpoints;
using Parley.AspNetCore.Http;
using Parley.AspNetCore.Ui;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Parley's HTTP API.</summary>
public static class ParleyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the protocol's API under <c>{prefix}/api</c> — the app description, threads, snapshots,
    /// the event stream (SSE) and the commands — and the web UI at <c>{prefix}/</c> (unless
    /// <see cref="ParleyHttpOptions.ServeUi"/> is false). Every request is made as a user (see
    /// <c>IChatUserResolver</c>) who sees only their own threads.
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="prefix">A path prefix for the whole chat; empty (the default) mounts it at the root.</param>
    /// <returns>The API's route group, to add conventions (authorization, rate limiting, CORS).</returns>
    public static RouteGroupBuilder MapParley(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        prefix = prefix.TrimEnd('/');
        var api = endpoints.MapGroup(prefix + "/api");
        api.AddEndpointFilter<ParleyEndpointFilter>();
        ThreadEndpoints.Map(api);
        CommandEndpoints.Map(api);
        FileEndpoints.Map(api);
        ActionEndpoints.Map(api);
        EmbeddingEndpoints.Map(api);
        SettingsEndpoints.Map(api);
        EventStreamEndpoint.Map(api);
        CustomElementEndpoints.Map(endpoints, prefix, endpoints.ServiceProvider.GetRequiredService<Parley.Elements.CustomElementCatalog>());
        api.MapFallback("{**path}", () => ProblemResults.Problem(StatusCodes.Status404NotFound, "not_found", "There is no such API endpoint."));
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<ParleyHttpOptions>>().Value.ServeUi)
        {
            UiEndpoints.Map(endpoints, prefix, endpoints.ServiceProvider.GetRequiredService<UiAssets>());
        }

        return api;
    }
}
