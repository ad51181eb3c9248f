using System.Text.Json.Serialization;

namespace Parley.AspNetCore.Http;

// The JSON answers of the protocol; docs/protocol.md describes each.

internal sealed record AppInfoResponse(string Name, IReadOnlyList<ChatProfile> Profiles, IReadOnlyList<Starter> Starters, IReadOnlyList<SlashCommand> Commands, AppFeatures Features, AppAuth Auth);

internal sealed record AppFeatures(bool Stop, bool Retry, IReadOnlyList<string> Asks, UploadFeature Uploads, AudioFeature? Audio = null, WindowMessagesFeature? WindowMessages = null);

internal sealed record UploadFeature(bool Enabled, long MaxFileBytes, int MaxFiles, IReadOnlyList<string> Accept);
internal sealed record AudioFeature(bool Enabled, long MaxStreamBytes, long MaxStreamDurationMs, int MaxChunkBytes);

internal sealed record WindowMessagesFeature(IReadOnlyList<string> Origins, int MaxDataBytes);

internal sealed record AudioStartResponse(string StreamId);

internal sealed record AudioEndResponse(string RunId, bool Queued);

internal sealed record AppAuth(bool Anonymous);

internal sealed record ThreadCreatedResponse(ThreadInfo Thread, long LastSeq);

internal sealed record ThreadListResponse(IReadOnlyList<ThreadInfo> Threads, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);

internal sealed record ThreadResponse(ThreadInfo Thread);

internal sealed record SnapshotResponse(
    ThreadInfo Thread,
    IReadOnlyList<ChatItem> Items,
    long LastSeq,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ActiveRunResponse? ActiveRun,
    IReadOnlyList<QueuedRunResponse> Queued);

internal sealed record ActiveRunResponse(string RunId, RunTrigger Trigger, bool AllowCancel);

internal sealed record QueuedRunResponse(string RunId, RunTrigger Trigger, string? ItemId);

internal sealed record MessageAcceptedResponse(UserMessage Item, string RunId, bool Queued);

internal sealed record ItemResponse(ChatItem Item);

internal sealed record StopResponse(string? RunId, string Status);

internal sealed record RetryResponse(string RunId, bool Queued);

internal sealed record ActionResponse(string RunId, bool Queued);

/// <summary>An RFC 9457 problem with the protocol's machine-readable <c>code</c>.</summary>
internal sealed record ProblemResponse(string Type, string Title, int Status, string Detail, string Code, string? Field);
