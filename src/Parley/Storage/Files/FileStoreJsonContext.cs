using System.Text.Json.Serialization;
using Parley.Serialization;

namespace Parley.Storage;

/// <summary>Source-generated serialization of the file descriptions <see cref="LocalFolderFileStore"/> writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(FileRecord))]
internal sealed partial class FileStoreJsonContext : JsonSerializerContext;
