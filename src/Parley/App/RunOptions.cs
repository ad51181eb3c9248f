namespace Parley;

/// <summary>Per-run options an app chooses in <see cref="ChatApp.GetRunOptions"/>, before the run starts.</summary>
public sealed record RunOptions
{
    /// <summary>The defaults: <see cref="AllowCancel"/> true.</summary>
    public static RunOptions Default { get; } = new();

    /// <summary>True (the default) when the user may stop the run; a stop of a run that does not allow it is refused (409).</summary>
    public bool AllowCancel { get; init; } = true;
}
