using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Storage;

namespace Parley.Serialization;

/// <summary>Source-generated serialization for the wire model and the store records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ChatEvent))]
[JsonSerializable(typeof(ChatItem))]
[JsonSerializable(typeof(IReadOnlyList<ChatItem>))]
[JsonSerializable(typeof(ThreadInfo))]
[JsonSerializable(typeof(ChatError))]
[JsonSerializable(typeof(ThreadRecord))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(RunStatus))]
[JsonSerializable(typeof(Feedback))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(ChatSetting))]
internal sealed partial class ParleyJsonContext : JsonSerializerContext;
