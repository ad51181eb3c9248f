namespace Parley.Hosting;

/// <summary>
/// Options of the Parley runtime, set with <c>AddParley&lt;TApp&gt;(o =&gt; …)</c> and validated at start-up.
/// Every property documents its default.
/// </summary>
public sealed class ParleyOptions
{
    /// <summary>The app's display name, shown by the UI and used as the author of assistant messages. Default <c>"Assistant"</c>.</summary>
    public string AppName { get; set; } = "Assistant";

    /// <summary>
    /// How long a session lives with no connection and no active run before it ends
    /// (<see cref="ChatApp.OnChatEndAsync"/> with <see cref="ChatEndReason.IdleTimeout"/>). Counted from the
    /// last connection closing, or the last run finishing, whichever is later. Default 1 hour.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a stopped run's handler may keep running after its cancellation token fired before the
    /// run is finished without it (its later calls on the context then throw). Default 10 seconds.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a hook that is not a run may take — OnConnect, OnDisconnect, OnChatEnd, and a stopped or
    /// failed run's OnStreamCancelled, OnStop and OnError — before Parley goes on without it (it keeps
    /// running; its outcome is logged). A hung hook never blocks a session's end or a shutdown.
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan HookTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest user message, in UTF-16 code units. Default 100,000.</summary>
    public int MaxMessageLength { get; set; } = 100_000;

    /// <summary>How many of a thread's newest items a run loads as <see cref="ChatContext.History"/>. Default 1,000.</summary>
    public int HistoryLimit { get; set; } = 1000;

    /// <summary>
    /// How many events a subscriber may fall behind before it is dropped (it reconnects with
    /// <c>Last-Event-ID</c> and loses nothing). A slow subscriber never slows the thread. Default 8,192.
    /// </summary>
    public int SubscriberBufferSize { get; set; } = 8192;

    /// <summary>
    /// How many bytes of events a subscriber may fall behind before it is dropped, whatever their
    /// count (large item updates reach it long before <see cref="SubscriberBufferSize"/>); dropped, it
    /// reconnects with <c>Last-Event-ID</c> and loses nothing. The bound is on what waits before an
    /// event, so a reader that keeps up still gets a burst of large events. Default 16 MiB; at least
    /// 256 bytes per event of <see cref="StoreWriterOptions.MaxBatchSize"/> (1 MiB by default).
    /// </summary>
    public long SubscriberBufferBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The longest a subscription stays silent: a keep-alive is sent when nothing else was. Default 15 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How events are group-committed to the store.</summary>
    public StoreWriterOptions Writer { get; } = new();

    /// <summary>Limits of elements and where the app's custom elements are.</summary>
    public ElementOptions Elements { get; } = new();

    /// <summary>Limits of user uploads and attachments; see <see cref="UploadOptions"/> for the defaults.</summary>
    public UploadOptions Uploads { get; } = new();

    /// <summary>The action names the app handles and their handlers. Default none.</summary>
    public ActionOptions Actions { get; } = new();

    /// <summary>Audio streamed from the UI's microphone: off by default (see <see cref="AudioOptions.Enabled"/>).</summary>
    public AudioOptions Audio { get; } = new();

    /// <summary>What the app declares to its users: chat profiles, starters, slash commands, default settings. Default none of each.</summary>
    public ChatAppOptions Chat { get; } = new();
}
