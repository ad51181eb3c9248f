using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Parley.Storage;

namespace Parley.Sqlite;

/// <summary>
/// Reads the text appended to items (<c>item_text</c> rows) and applies it to the items read from
/// their JSON: the field's own text, then for each row in start order <c>text[0:start] + row</c>.
/// </summary>
internal static class SqliteItemText
{
    /// <summary>
    /// The columns a chunk query selects, in this order; the query must order rows by item, field and
    /// start, and run in the same read transaction as the query that read the items.
    /// </summary>
    public const string Columns = "item_id, field, start, text";

    /// <summary>Reads the rows of a chunk query, grouped by item id.</summary>
    /// <param name="command">A query selecting <see cref="Columns"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<Dictionary<string, List<Chunk>>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var chunks = new Dictionary<string, List<Chunk>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<Chunk>? current = null;
        string? currentId = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var itemId = reader.GetString(0);
            if (!string.Equals(itemId, currentId, StringComparison.Ordinal))
            {
                currentId = itemId;
                chunks[itemId] = current = [];
            }

            var column = reader.GetInt64(1);
            var field = column is >= 0 and <= 2 ? SqliteSchema.ToItemField(column) : throw Corrupt(itemId, $"text for an unknown field {column}");
            current!.Add(new Chunk(field, reader.GetInt32(2), reader.GetFieldValue<byte[]>(3)));
        }

        return chunks;
    }

    /// <summary>Replaces the items that have appended text, in place, by the items with it applied.</summary>
    /// <param name="items">Items as read from their JSON.</param>
    /// <param name="chunks">The appended text of those items, from <see cref="ReadAsync"/>.</param>
    public static void ApplyAll(List<ChatItem> items, Dictionary<string, List<Chunk>> chunks)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (chunks.TryGetValue(items[i].Id, out var ofItem))
            {
                items[i] = Apply(items[i], ofItem);
            }
        }
    }

    /// <summary>The item with its appended text applied.</summary>
    /// <param name="item">The item as read from its JSON.</param>
    /// <param name="chunks">Its appended text, ordered by field and start.</param>
    /// <exception cref="ChatStoreException">The stored text is inconsistent with the item.</exception>
    public static ChatItem Apply(ChatItem item, List<Chunk> chunks)
    {
        var i = 0;
        while (i < chunks.Count)
        {
            var field = chunks[i].Field;
            var own = item.GetText(field) ?? throw Corrupt(item.Id, $"text appended to {field}, a field it does not have");
            var last = i;
            while (last + 1 < chunks.Count && chunks[last + 1].Field == field)
            {
                last++;
            }

            // The last row's end is the final length: size the builder once.
            var text = new StringBuilder(own, Math.Max(own.Length, chunks[last].Start + (chunks[last].Text.Length / 2)));
            for (; i <= last; i++)
            {
                var chunk = chunks[i];
                if (chunk.Start > text.Length)
                {
                    throw Corrupt(item.Id, $"text appended to {field} at {chunk.Start}, past its end ({text.Length})");
                }

                text.Length = chunk.Start;
                AppendUtf16(text, chunk.Text);
            }

            item = item.WithText(field, text.ToString());
        }

        return item;
    }

    // The blob holds UTF-16LE code units, appended exactly, lone surrogates included.
    private static void AppendUtf16(StringBuilder text, byte[] blob)
    {
        var units = MemoryMarshal.Cast<byte, char>(blob.AsSpan(0, blob.Length & ~1));
        if (!BitConverter.IsLittleEndian)
        {
            var swapped = units.ToArray();
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<char, ushort>(swapped.AsSpan()), MemoryMarshal.Cast<char, ushort>(swapped.AsSpan()));
            units = swapped;
        }

        text.Append(units);
    }

    private static ChatStoreException Corrupt(string itemId, string what) =>
        new($"The SQLite store holds {what} for item {itemId}; the database is inconsistent.", isTransient: false);

    /// <summary>One appended piece of text: <c>field = field[0:Start] + Text</c>.</summary>
    /// <param name="Field">The field.</param>
    /// <param name="Start">Where it starts, in UTF-16 code units.</param>
    /// <param name="Text">The text as UTF-16LE bytes.</param>
    internal readonly record struct Chunk(ItemField Field, int Start, byte[] Text);
}
