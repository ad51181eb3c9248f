namespace Parley;

/// <summary>An ask's timeout elapsed before it was answered; the ask is now <see cref="ItemStatus.Expired"/>.</summary>
public sealed class AskExpiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AskExpiredException() : base("The ask expired before it was answered.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public AskExpiredException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AskExpiredException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The expired ask.</summary>
    public AskItem? Ask { get; init; }
}
