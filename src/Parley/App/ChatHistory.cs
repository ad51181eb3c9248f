using System.Collections;
using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>
/// The thread's items as a run sees them: the newest <see cref="Hosting.ParleyOptions.HistoryLimit"/>
/// items when the run started, kept current with every item added, updated or removed in the thread
/// while the run lasts (its own messages, an answered ask). Items still streaming appear when they
/// complete.
/// </summary>
/// <remarks>Thread-safe; enumerating takes a snapshot.</remarks>
public sealed class ChatHistory : IReadOnlyList<ChatItem>
{
    private readonly Lock _sync = new();
    private readonly List<ChatItem> _items;

    internal ChatHistory(IEnumerable<ChatItem> items) => _items = [.. items];

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _items.Count;
            }
        }
    }

    /// <inheritdoc />
    public ChatItem this[int index]
    {
        get
        {
            lock (_sync)
            {
                return _items[index];
            }
        }
    }

    /// <summary>
    /// The history as Microsoft.Extensions.AI chat messages for the next model call: user messages,
    /// assistant replies (with a note when a reply was stopped, failed or interrupted), hidden context
    /// as system messages, answered asks as the question and the user's answer, and the model's tool
    /// calls (tool steps made by <see cref="ChatContext.StreamReplyAsync(IAsyncEnumerable{ChatResponseUpdate}, MessageOptions?, CancellationToken)"/>
    /// or <see cref="ChatContext.RunToolLoopAsync"/>) as function calls and results.
    /// </summary>
    public IList<ChatMessage> ToChatMessages() => ChatMessageMapper.Map(this);

    /// <summary>Like <see cref="ToChatMessages()"/>, trimmed to a message or token budget.</summary>
    /// <param name="options">Limits and a trimming hook; null applies none.</param>
    public IList<ChatMessage> ToChatMessages(ChatHistoryOptions? options)
    {
        var messages = ChatMessageMapper.Map(this);
        return options is null ? messages : ChatMessageMapper.Trim(messages, options);
    }

    /// <inheritdoc />
    public IEnumerator<ChatItem> GetEnumerator()
    {
        ChatItem[] copy;
        lock (_sync)
        {
            copy = [.. _items];
        }

        return ((IEnumerable<ChatItem>)copy).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Apply(ThreadEvent evt)
    {
        lock (_sync)
        {
            switch (evt)
            {
                case ItemAddedEvent { Item: var item } when !item.Status.IsOpen() || item is AskItem:
                    _items.Add(item);
                    break;
                case ItemUpdatedEvent { Item: var item }:
                    var index = _items.FindIndex(i => i.Id == item.Id);
                    if (index >= 0)
                    {
                        _items[index] = item;
                    }
                    else if (!item.Status.IsOpen())
                    {
                        _items.Add(item);
                    }

                    break;
                case ItemRemovedEvent removed:
                    _items.RemoveAll(i => i.Id == removed.ItemId);
                    break;
            }
        }
    }
}
