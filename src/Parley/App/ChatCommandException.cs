namespace Parley;

/// <summary>
/// A command was refused: the thread does not exist, the ask is not pending, the run cannot be
/// stopped, the input is invalid. <see cref="Code"/> is one of <see cref="ChatErrorCodes"/>; the HTTP
/// layer maps it to a problem+json response and nothing was changed.
/// </summary>
public sealed class ChatCommandException : Exception
{
    /// <summary>Creates the exception with <see cref="ChatErrorCodes.ValidationFailed"/>.</summary>
    public ChatCommandException() : this(ChatErrorCodes.ValidationFailed, "The command was refused.")
    {
    }

    /// <summary>Creates the exception with <see cref="ChatErrorCodes.ValidationFailed"/>.</summary>
    /// <param name="message">A message safe to show to the user.</param>
    public ChatCommandException(string message) : this(ChatErrorCodes.ValidationFailed, message)
    {
    }

    /// <summary>Creates the exception with <see cref="ChatErrorCodes.ValidationFailed"/>.</summary>
    /// <param name="message">A message safe to show to the user.</param>
    /// <param name="innerException">The cause.</param>
    public ChatCommandException(string message, Exception innerException)
        : base(message, innerException) => Code = ChatErrorCodes.ValidationFailed;

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of <see cref="ChatErrorCodes"/>.</param>
    /// <param name="message">A message safe to show to the user.</param>
    /// <param name="innerException">The cause, if any; never shown.</param>
    public ChatCommandException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>The machine-readable code.</summary>
    public string Code { get; }

    /// <summary>For validation errors: the invalid field, when one is to blame.</summary>
    public string? Field { get; init; }

    internal static ChatCommandException ThreadNotFound() =>
        new(ChatErrorCodes.ThreadNotFound, "The thread does not exist.");

    internal static ChatCommandException Invalid(string field, string message) =>
        new(ChatErrorCodes.ValidationFailed, message) { Field = field };
}
