using System.Text.Json;

namespace Parley.AspNetCore.Http;

// The JSON bodies of the protocol's commands. Every field is optional here so that a missing field
// becomes a precise validation_failed answer, not a generic deserialization error.

internal sealed record CreateThreadRequest(string? ClientId, string? Profile, Dictionary<string, JsonElement>? Metadata);

internal sealed record UpdateThreadRequest(string? Name, Dictionary<string, JsonElement>? Metadata);

internal sealed record PostMessageRequest(string? ClientId, string? Content, List<JsonElement>? Attachments, string? Command);

internal sealed record AnswerRequest(string? ClientId, string? Content, string? ActionId, List<string>? FileIds, JsonElement? Value);

internal sealed record StopRequest(string? RunId);

internal sealed record RetryRequest(string? ClientId, string? ItemId);

internal sealed record ActionRequest(string? ClientId, string? ItemId, string? ActionId);

internal sealed record FeedbackRequest(string? ItemId, int? Value, string? Comment);

internal sealed record EmptyRequest;

internal sealed record WindowMessageRequest(JsonElement Data);

internal sealed record AudioStartRequest(string? MimeType, string? ClientId);

internal sealed record UpdateSettingsRequest(Dictionary<string, JsonElement>? Values);
