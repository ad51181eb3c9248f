using System.Text;

namespace Parley.Runtime;

/// <summary>
/// The store writer's copy of an item that is still changing, so each batch writes the item's state
/// as of the batch's last event, derived from the log alone.
/// </summary>
internal sealed class MaterializedItem(string threadId, ChatItem item, long position)
{
    private readonly StringBuilder?[] _texts = new StringBuilder?[3];

    public string ThreadId { get; } = threadId;

    public long Position { get; } = position;

    public ChatItem Item { get; private set; } = item;

    public void Replace(ChatItem item)
    {
        Item = item;
        Array.Clear(_texts);
    }

    public void Apply(ItemField field, int offset, string text)
    {
        var sb = _texts[(int)field];
        if (sb is null)
        {
            sb = _texts[(int)field] = new StringBuilder(Item.GetText(field) ?? "");
        }

        // Positional: the field becomes field[0:offset] + text. An offset past the end would leave a
        // hole; the writer only sees deltas its own thread log produced, so that is a bug upstream.
        if (offset > sb.Length)
        {
            throw new InvalidOperationException($"Delta offset {offset} is past the end ({sb.Length}) of {Item.Id}.{field}.");
        }

        sb.Length = offset;
        sb.Append(text);
    }

    public ChatItem Snapshot()
    {
        var item = Item;
        for (var i = 0; i < _texts.Length; i++)
        {
            if (_texts[i] is { } sb)
            {
                item = item.WithText((ItemField)i, sb.ToString());
            }
        }

        return item;
    }
}
