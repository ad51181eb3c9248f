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
    /// as system messages, and answered asks as the question and the user's answer.
    /// </summary>
    public IList<ChatMessage> ToChatMessages()
    {
        var messages = new List<ChatMessage>();
        foreach (var item in this)
        {
            switch (item)
            {
                case UserMessage user:
                    messages.Add(new ChatMessage(ChatRole.User, user.Content));
                    break;
                case AssistantMessage { Status: not ItemStatus.InProgress } reply when reply.Content.Length > 0:
                    messages.Add(new ChatMessage(ChatRole.Assistant, reply.Content + InterruptionNote(reply.Status)));
                    break;
                case HiddenContextItem hidden:
                    messages.Add(new ChatMessage(ChatRole.System, hidden.Content));
                    break;
                case AskItem { Status: ItemStatus.Answered, Answer.Content: { } answer } ask:
                    messages.Add(new ChatMessage(ChatRole.Assistant, ask.Content));
                    messages.Add(new ChatMessage(ChatRole.User, answer));
                    break;
            }
        }

        return messages;
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

    private static string InterruptionNote(ItemStatus status) => status switch
    {
        ItemStatus.Cancelled => "\n\n[This reply was stopped by the user before it was finished.]",
        ItemStatus.Failed => "\n\n[This reply failed before it was finished.]",
        ItemStatus.Interrupted => "\n\n[This reply was interrupted before it was finished.]",
        _ => "",
    };
}
