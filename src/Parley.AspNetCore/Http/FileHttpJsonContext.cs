using System.Text.Json.Serialization;
using Parley.Serialization;

namespace Parley.AspNetCore.Http;

/// <summary>Source-generated JSON for the file endpoints, in the protocol's conventions.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(FileRef))]
internal sealed partial class FileHttpJsonContext : JsonSerializerContext;
