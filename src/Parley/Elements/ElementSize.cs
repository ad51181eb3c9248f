namespace Parley;

/// <summary>How large the UI shows an image element.</summary>
public enum ElementSize
{
    /// <summary>A thumbnail.</summary>
    Small,

    /// <summary>The default size.</summary>
    Medium,

    /// <summary>The width of the conversation.</summary>
    Large,
}
