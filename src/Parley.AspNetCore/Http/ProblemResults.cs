using Microsoft.AspNetCore.Http;

namespace Parley.AspNetCore.Http;

/// <summary>Maps refusals to RFC 9457 problem+json answers with the protocol's <c>code</c>.</summary>
internal static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static IResult From(ChatCommandException exception) =>
        Problem(StatusOf(exception.Code), exception.Code, exception.Message, exception.Field);

    public static IResult Problem(int status, string code, string detail, string? field = null) =>
        Results.Json(
            new ProblemResponse("urn:parley:error:" + code, TitleOf(status), status, detail, code, field),
            ParleyHttpJsonContext.Default.ProblemResponse,
            ContentType,
            status);

    public static int StatusOf(string code) => code switch
    {
        ChatErrorCodes.ThreadNotFound or ChatErrorCodes.ItemNotFound or ChatErrorCodes.RunNotFound or ChatErrorCodes.FileNotFound => StatusCodes.Status404NotFound,
        ChatErrorCodes.AskNotPending or ChatErrorCodes.RunNotCancellable or ChatErrorCodes.RetryNotAllowed => StatusCodes.Status409Conflict,
        ChatErrorCodes.AudioStreamNotFound or ChatErrorCodes.AudioDisabled => StatusCodes.Status404NotFound,
        ChatErrorCodes.AudioRefused or ChatErrorCodes.AudioStreamEnded => StatusCodes.Status409Conflict,
        ChatErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ChatErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ChatErrorCodes.StoreUnavailable or ChatErrorCodes.ShuttingDown => StatusCodes.Status503ServiceUnavailable,
        ChatErrorCodes.InternalError => StatusCodes.Status500InternalServerError,
        "unauthorized" => StatusCodes.Status401Unauthorized,
        ChatErrorCodes.ActionNotFound => StatusCodes.Status404NotFound,
        ChatErrorCodes.ActionNotHandled => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
