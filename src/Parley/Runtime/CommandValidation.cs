using System.Text.Json;

namespace Parley.Runtime;

/// <summary>The limits every command's input must meet; a violation is a <see cref="ChatErrorCodes.ValidationFailed"/> refusal.</summary>
internal static class CommandValidation
{
    public const int MaxClientIdLength = 128;
    public const int MaxNameLength = 200;
    public const int MaxCommandLength = 64;
    public const int MaxMetadataBytes = 16 * 1024;
    public const int MaxIdLength = 64;
    public const int MaxPageSize = 100;

    public static string ClientId(string? clientId)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            throw ChatCommandException.Invalid("clientId", "clientId is required.");
        }

        if (clientId.Length > MaxClientIdLength || !clientId.All(IsUrlSafe))
        {
            throw ChatCommandException.Invalid("clientId", $"clientId must be 1 to {MaxClientIdLength} URL-safe characters (letters, digits, '-', '_', '.', ':', '~').");
        }

        return clientId;
    }

    public static string Content(string? content, int maxLength)
    {
        if (content is null || string.IsNullOrWhiteSpace(content))
        {
            throw ChatCommandException.Invalid("content", "content must not be empty.");
        }

        return content.Length > maxLength
            ? throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"content is longer than {maxLength} characters.") { Field = "content" }
            : content;
    }

    public static string? Name(string? name)
    {
        if (name is null)
        {
            return null;
        }

        name = name.Trim();
        return name.Length is 0 or > MaxNameLength
            ? throw ChatCommandException.Invalid("name", $"name must be 1 to {MaxNameLength} characters.")
            : name;
    }

    public static string? Command(string? command) =>
        command is null || (command.Length is > 0 and <= MaxCommandLength && command.All(IsUrlSafe))
            ? command
            : throw ChatCommandException.Invalid("command", $"command must be 1 to {MaxCommandLength} URL-safe characters.");

    public static string? Profile(string? profile) =>
        profile is null || ProfileName(profile) is null
            ? profile
            : throw ChatCommandException.Invalid("profile", $"profile must be 1 to {MaxCommandLength} characters with no control characters.");

    /// <summary>Checks a profile name: null when it is 1 to 64 characters with no control characters, else the problem.</summary>
    public static string? ProfileName(string? name) =>
        name is { Length: > 0 and <= MaxCommandLength } && !name.Any(char.IsControl) && name.Trim().Length == name.Length
            ? null
            : "must be 1 to 64 characters with no control characters or surrounding spaces";

    public static IReadOnlyDictionary<string, JsonElement>? Metadata(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        var size = JsonSerializer.SerializeToUtf8Bytes(metadata, Serialization.ParleyJson.Metadata).Length;
        return size > MaxMetadataBytes
            ? throw ChatCommandException.Invalid("metadata", $"metadata must serialize to at most {MaxMetadataBytes} bytes.")
            : metadata;
    }

    /// <summary>An id that cannot exist is simply not found (never a different error that would reveal anything).</summary>
    public static bool IsPlausibleId(string? id) => id is { Length: > 0 and <= MaxIdLength } && id.All(IsUrlSafe);

    private static bool IsUrlSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '~';
}
