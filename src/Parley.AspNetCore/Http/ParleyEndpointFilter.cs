using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.AspNetCore.Http;

/// <summary>
/// Wraps every Parley endpoint: resolves the user (401 when there is none), caps the body size, and
/// turns refusals into their problem+json answers. An unexpected exception is logged and answered
/// with a 500 that reveals nothing; a malformed request is never a 5xx.
/// </summary>
internal sealed partial class ParleyEndpointFilter(IChatUserResolver users, IOptions<ParleyHttpOptions> options, ILogger<ParleyEndpointFilter> logger) : IEndpointFilter
{
    private const string UserKey = "Parley.User";

    public static ChatUser UserOf(HttpContext context) =>
        context.Items[UserKey] as ChatUser ?? throw new InvalidOperationException("No Parley user on this request.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // A little above the JSON limit so JsonBody can answer with the precise problem.
            limit.MaxRequestBodySize = options.Value.MaxRequestBodyBytes + 1;
        }

        try
        {
            var user = await users.ResolveAsync(context, context.RequestAborted);
            if (user is null)
            {
                return ProblemResults.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Sign in to use this chat.");
            }

            context.Items[UserKey] = user;
            return await next(invocation);
        }
        catch (ChatCommandException ex)
        {
            return ProblemResults.From(ex);
        }
        catch (BadHttpRequestException ex)
        {
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ProblemResults.Problem(413, ChatErrorCodes.PayloadTooLarge, "The body is too large.")
                : ProblemResults.Problem(StatusCodes.Status400BadRequest, ChatErrorCodes.ValidationFailed, "The request is malformed.");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads the answer.
            return Results.Empty;
        }
        catch (Exception ex)
        {
            Log.Unexpected(logger, context.Request.Method, context.Request.Path, ex);
            return ProblemResults.Problem(StatusCodes.Status500InternalServerError, ChatErrorCodes.InternalError, "Something went wrong on the server.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unexpected error in {Method} {Path}.")]
        public static partial void Unexpected(ILogger logger, string method, PathString path, Exception exception);
    }
}
