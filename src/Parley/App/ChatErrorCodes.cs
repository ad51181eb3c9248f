namespace Parley;

/// <summary>The machine-readable error codes of the protocol (<c>code</c> in problem+json and in errors).</summary>
public static class ChatErrorCodes
{
    /// <summary>The thread does not exist or belongs to another user (404).</summary>
    public const string ThreadNotFound = "thread_not_found";

    /// <summary>The item does not exist in the thread (404).</summary>
    public const string ItemNotFound = "item_not_found";

    /// <summary>The run does not exist in the thread (404).</summary>
    public const string RunNotFound = "run_not_found";

    /// <summary>The file does not exist, or belongs to another user.</summary>
    public const string FileNotFound = "file_not_found";

    /// <summary>The action is not on that item, or was removed (404).</summary>
    public const string ActionNotFound = "action_not_found";

    /// <summary>No handler is registered for the action's name (422).</summary>
    public const string ActionNotHandled = "action_not_handled";

    /// <summary>The ask was already answered, expired or cancelled (409).</summary>
    public const string AskNotPending = "ask_not_pending";

    /// <summary>The active run does not allow stopping (409).</summary>
    public const string RunNotCancellable = "run_not_cancellable";

    /// <summary>The run cannot be retried: it did not fail, does not allow retry, or was retried already (409).</summary>
    public const string RetryNotAllowed = "retry_not_allowed";

    /// <summary>The request is malformed or a field is invalid (400).</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>The request body is too large (413).</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The request's content type is not accepted (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The store cannot save right now; nothing was changed, retry later (503).</summary>
    public const string StoreUnavailable = "store_unavailable";

    /// <summary>The server is shutting down (503).</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>The handler threw; the default error of <c>ChatApp.OnErrorAsync</c>.</summary>
    public const string HandlerError = "handler_error";

    /// <summary>The run could not start (store or app construction failure).</summary>
    public const string RunStartFailed = "run_start_failed";

    /// <summary>The process stopped while the run was active (crash or shutdown).</summary>
    public const string Interrupted = "interrupted";

    /// <summary>An unexpected server error (500); details are in the server log only.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The app refused to start an audio stream (<c>OnAudioStartAsync</c> returned false or failed) (409).</summary>
    public const string AudioRefused = "audio_refused";

    /// <summary>The audio stream does not exist in the thread, expired, or belongs to another session (404).</summary>
    public const string AudioStreamNotFound = "audio_stream_not_found";

    /// <summary>A chunk for an audio stream that was already ended (409).</summary>
    public const string AudioStreamEnded = "audio_stream_ended";

    /// <summary>Audio is not enabled on this server (404).</summary>
    public const string AudioDisabled = "audio_disabled";
}
