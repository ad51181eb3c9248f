namespace Parley.Storage;

/// <summary>
/// A store operation failed. <see cref="IsTransient"/> tells the store writer whether retrying may
/// succeed (a locked database, a full disk, a dropped connection).
/// </summary>
public sealed class ChatStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatStoreException() : this("The chat store failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public ChatStoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The provider's exception.</param>
    public ChatStoreException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">True when a retry may succeed.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public ChatStoreException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>True when retrying the same operation later may succeed.</summary>
    public bool IsTransient { get; }
}
