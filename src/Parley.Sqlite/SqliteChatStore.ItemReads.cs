using Parley.Serialization;

namespace Parley.Sqlite;

// Item reads: each reads the items' JSON and the text appended to them in one read transaction, so an
// item never pairs its JSON from one batch with appended text from another.
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public ValueTask<ChatItem?> GetItemAsync(string threadId, string itemId, CancellationToken cancellationToken) =>
        ReadAsync("read an item", (threadId, itemId), static async (connection, args, ct) =>
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var command = CreateCommand(
                connection, "SELECT json FROM items WHERE id = $id AND thread_id = $thread_id;", ("$id", args.itemId), ("$thread_id", args.threadId));
            command.Transaction = transaction;
            if (await command.ExecuteScalarAsync(ct) is not string json)
            {
                return null;
            }

            var item = ParleyJson.DeserializeItem(json);
            command.CommandText = ChunksOfItems("$id");
            var chunks = await SqliteItemText.ReadAsync(command, ct);
            await transaction.CommitAsync(ct);
            return chunks.TryGetValue(item.Id, out var ofItem) ? SqliteItemText.Apply(item, ofItem) : item;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A <paramref name="limit"/> of 0 or less reads nothing.</remarks>
    public ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken) =>
        ReadAsync("read items", (threadId, limit: Math.Max(0, limit)), static async (connection, args, ct) =>
        {
            const string LastItems = "SELECT id, json, position FROM items WHERE thread_id = $thread_id ORDER BY position DESC LIMIT $limit";
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var command = CreateCommand(connection, $"SELECT json FROM ({LastItems}) ORDER BY position;", ("$thread_id", args.threadId));
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$limit", args.limit);
            var items = await ReadListAsync(command, static r => ParleyJson.DeserializeItem(r.GetString(0)), ct);
            if (items.Count > 0)
            {
                command.CommandText = ChunksOfItems($"SELECT id FROM ({LastItems})");
                SqliteItemText.ApplyAll(items, await SqliteItemText.ReadAsync(command, ct));
            }

            await transaction.CommitAsync(ct);
            return (IReadOnlyList<ChatItem>)items;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatItem>> GetOpenItemsAsync(string threadId, CancellationToken cancellationToken) =>
        ReadAsync("read open items", threadId, static async (connection, threadId, ct) =>
        {
            const string OpenItems = $"FROM items WHERE thread_id = $thread_id AND {SqliteSchema.OpenItemStatuses}";
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var command = CreateCommand(connection, $"SELECT json {OpenItems} ORDER BY position;", ("$thread_id", threadId));
            command.Transaction = transaction;
            var items = await ReadListAsync(command, static r => ParleyJson.DeserializeItem(r.GetString(0)), ct);
            if (items.Count > 0)
            {
                command.CommandText = ChunksOfItems($"SELECT id {OpenItems}");
                SqliteItemText.ApplyAll(items, await SqliteItemText.ReadAsync(command, ct));
            }

            await transaction.CommitAsync(ct);
            return (IReadOnlyList<ChatItem>)items;
        }, cancellationToken);

    // The appended text of the items a subquery selects, from both of its tables, in one query whatever
    // their number. Starts are unique per field across the tables, so start order is write order.
    private static string ChunksOfItems(string itemIds) =>
        $"""
        SELECT {SqliteItemText.Columns} FROM item_text WHERE item_id IN ({itemIds})
        UNION ALL
        SELECT {SqliteItemText.Columns} FROM item_text_recent WHERE item_id IN ({itemIds})
        ORDER BY item_id, field, start;
        """;
}
