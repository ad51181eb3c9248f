namespace Parley.AspNetCore.Http;

/// <summary>Refusals the HTTP layer raises itself, before a command reaches the runtime.</summary>
internal static class ChatCommandExceptions
{
    public static ChatCommandException Invalid(string field, string message) =>
        new(ChatErrorCodes.ValidationFailed, message) { Field = field };
}
