using System.Text;

namespace Parley.Runtime;

/// <summary>
/// The live state of an item that is in progress or pending, owned by its thread's log: the last
/// full item plus the text its deltas have added since.
/// </summary>
/// <remarks>Not thread-safe; guarded by the thread host's gate.</remarks>
internal sealed class OpenItem(ChatItem item)
{
    private readonly StringBuilder?[] _texts = new StringBuilder?[3];

    // A trailing high surrogate held back from a delta so no delta ever splits a surrogate pair.
    private readonly char?[] _heldSurrogate = new char?[3];

    public ChatItem Item { get; } = item;

    public string Id => Item.Id;

    public int Length(ItemField field) => Text(field).Length;

    /// <summary>Splits off what may be sent now: everything but a trailing high surrogate, which waits for its pair.</summary>
    public string TakeSendable(ItemField field, string text)
    {
        var i = (int)field;
        if (_heldSurrogate[i] is { } held)
        {
            text = held + text;
            _heldSurrogate[i] = null;
        }

        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            _heldSurrogate[i] = text[^1];
            text = text[..^1];
        }

        return text;
    }

    public void Append(ItemField field, string text) => Text(field).Append(text);

    /// <summary>The item's current state, including text still held back.</summary>
    public ChatItem Current()
    {
        var current = Item;
        for (var i = 0; i < _texts.Length; i++)
        {
            if (_texts[i] is not null || _heldSurrogate[i] is not null)
            {
                var text = Text((ItemField)i).ToString() + _heldSurrogate[i];
                current = current.WithText((ItemField)i, text);
            }
        }

        return current;
    }

    private StringBuilder Text(ItemField field)
    {
        var i = (int)field;
        return _texts[i] ??= new StringBuilder(Item.GetText(field)
            ?? throw new InvalidOperationException($"An item of type {Item.GetType().Name} has no {field} field."));
    }
}
