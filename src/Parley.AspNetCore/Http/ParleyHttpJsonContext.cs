using System.Text.Json.Serialization;
using Parley.Serialization;

namespace Parley.AspNetCore.Http;

/// <summary>Source-generated JSON for the HTTP layer, in the protocol's conventions (see <see cref="ParleyJson"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(CreateThreadRequest))]
[JsonSerializable(typeof(UpdateThreadRequest))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(AnswerRequest))]
[JsonSerializable(typeof(StopRequest))]
[JsonSerializable(typeof(RetryRequest))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(UpdateSettingsRequest))]
[JsonSerializable(typeof(AppInfoResponse))]
[JsonSerializable(typeof(ThreadCreatedResponse))]
[JsonSerializable(typeof(ThreadListResponse))]
[JsonSerializable(typeof(ThreadResponse))]
[JsonSerializable(typeof(SnapshotResponse))]
[JsonSerializable(typeof(MessageAcceptedResponse))]
[JsonSerializable(typeof(ItemResponse))]
[JsonSerializable(typeof(StopResponse))]
[JsonSerializable(typeof(RetryResponse))]
[JsonSerializable(typeof(ActionRequest))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(WindowMessageRequest))]
[JsonSerializable(typeof(AudioStartRequest))]
[JsonSerializable(typeof(AudioStartResponse))]
[JsonSerializable(typeof(AudioEndResponse))]
internal sealed partial class ParleyHttpJsonContext : JsonSerializerContext;
