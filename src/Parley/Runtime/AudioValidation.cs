using System.Text.RegularExpressions;
using Parley.Hosting;

namespace Parley.Runtime;

/// <summary>Checks of the audio commands' input, before anything changes.</summary>
internal static partial class AudioValidation
{
    public static void EnsureEnabled(ParleyOptions options)
    {
        if (!options.Audio.Enabled)
        {
            throw new ChatCommandException(ChatErrorCodes.AudioDisabled, "This chat does not accept audio.");
        }
    }

    /// <summary>An <c>audio/*</c> media type, parameters allowed (<c>audio/webm;codecs=opus</c>): 415 otherwise.</summary>
    public static string MimeType(string? mimeType)
    {
        if (string.IsNullOrWhiteSpace(mimeType))
        {
            throw ChatCommandException.Invalid("mimeType", "mimeType is required.");
        }

        mimeType = mimeType.Trim();
        if (mimeType.Length > 200 || !MediaType().IsMatch(mimeType))
        {
            throw ChatCommandException.Invalid("mimeType", "mimeType is not a media type.");
        }

        return mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            ? mimeType
            : throw new ChatCommandException(ChatErrorCodes.UnsupportedMediaType, "Only audio/* recordings are accepted.") { Field = "mimeType" };
    }

    public static void StreamId(string streamId)
    {
        if (!CommandValidation.IsPlausibleId(streamId))
        {
            throw new ChatCommandException(ChatErrorCodes.AudioStreamNotFound, "The recording does not exist, or it expired.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(""[^""\\\r\n]*""|[A-Za-z0-9!#$&^_.+,-]+))*$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaType();
}
