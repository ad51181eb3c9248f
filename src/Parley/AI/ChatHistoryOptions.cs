using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>How <see cref="ChatHistory.ToChatMessages(ChatHistoryOptions?)"/> builds and trims the messages for a model.</summary>
public sealed class ChatHistoryOptions
{
    /// <summary>Keep at most this many messages, the newest. Default null: no limit.</summary>
    public int? MaxMessages { get; init; }

    /// <summary>
    /// Keep at most this many tokens (as <see cref="EstimateTokens"/> counts them), the newest messages
    /// first. Default null: no limit.
    /// </summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Counts a message's tokens for <see cref="MaxTokens"/>. Default: a quarter of its text's length
    /// plus 4, a fair estimate for English with the common tokenizers; plug in a real tokenizer if it matters.
    /// </summary>
    public Func<ChatMessage, int>? EstimateTokens { get; init; }

    /// <summary>
    /// A last say over the messages after the limits (summarise, drop, reorder). Default none. It must
    /// keep each tool result after the call it answers.
    /// </summary>
    public Func<IList<ChatMessage>, IList<ChatMessage>>? Trim { get; init; }

    /// <summary>
    /// Which attachments <see cref="ChatContext.GetChatMessagesAsync"/> sends as content parts.
    /// Default <see cref="AttachmentOptions.Default"/>. <see cref="ChatHistory.ToChatMessages()"/>
    /// (synchronous) only ever names attachments.
    /// </summary>
    public AttachmentOptions Attachments { get; init; } = AttachmentOptions.Default;
}
