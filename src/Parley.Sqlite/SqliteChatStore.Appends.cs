using Parley.Storage;

namespace Parley.Sqlite;

// Text streamed into stored items: validated and appended inside the commit, with where each streamed
// field stands remembered between commits, so a streaming item costs its lookup once, not per batch.
public sealed partial class SqliteChatStore
{
    // Past this many remembered items the memory is dropped and rebuilt from lookups; streaming items
    // leave it when they are replaced, so only a leak would reach it.
    private const int MaxRememberedTextItems = 65_536;

    // Where the text fields of items appended to stand, by item id, as of the last successful commit
    // (and the current one while it runs). Only used under the write lock. Dropped on anything that
    // could make it wrong: a failed commit, a thread deletion, a reopened write connection, or a write
    // by another connection.
    private readonly Dictionary<string, ItemTextStates> _textStates = new(StringComparer.Ordinal);

    // Ids of the items the batch being committed upserts; only used under the write lock.
    private readonly HashSet<string> _batchItemIds = new(StringComparer.Ordinal);

    private long _textStatesDataVersion = -1;

    // Called after the batch's item upserts. A rejected append throws, and the caller rolls the whole
    // batch back, so validating while applying is as atomic as validating first.
    private void ApplyItemAppends(SqliteWriteCommands commands, StoreBatch batch, ref int rows, CancellationToken cancellationToken)
    {
        var appends = batch.ItemAppends;
        if (appends.Count == 0)
        {
            return;
        }

        // data_version changes when another connection (another process, a second store on the file)
        // has committed since this connection last asked; what is remembered may be stale then.
        var dataVersion = commands.DataVersion();
        if (dataVersion != _textStatesDataVersion || _textStates.Count > MaxRememberedTextItems)
        {
            _textStates.Clear();
            _textStatesDataVersion = dataVersion;
        }

        _batchItemIds.Clear();
        for (var i = 0; i < batch.Items.Count; i++)
        {
            _batchItemIds.Add(batch.Items[i].Item.Id);
        }

        for (var i = 0; i < appends.Count; i++)
        {
            CheckCancellation(ref rows, cancellationToken);
            ApplyItemAppend(commands, appends[i]);
        }
    }

    private void ApplyItemAppend(SqliteWriteCommands commands, ItemTextAppend append)
    {
        if (_batchItemIds.Contains(append.ItemId))
        {
            throw NotAnAppendTarget(append);
        }

        if (!_textStates.TryGetValue(append.ItemId, out var states))
        {
            _textStates[append.ItemId] = states = new ItemTextStates(append.ThreadId);
        }

        // A remembered item is stored in the thread it was looked up in: items change thread only by
        // an upsert, which forgets them.
        if (!string.Equals(states.ThreadId, append.ThreadId, StringComparison.Ordinal))
        {
            throw NotAnAppendTarget(append);
        }

        ref var state = ref states.Fields[SqliteSchema.ToColumn(append.Field)];
        state ??= commands.LookupItemText(append.ThreadId, append.ItemId, append.Field);
        var field = state.Value;
        if (!field.IsValid)
        {
            throw NotAnAppendTarget(append);
        }

        if (append.Offset < 0 || append.Offset > field.End)
        {
            throw new ChatStoreException(
                $"Append to {append.ItemId}.{append.Field} at {append.Offset} is past its end ({field.End}); the batch was not applied.",
                isTransient: false);
        }

        // An empty append at the end changes nothing; anywhere else it cuts the text.
        if (append.Text.Length > 0 || append.Offset < field.End)
        {
            commands.AppendItemText(append.ItemId, append.Field, append.Offset, append.Text, ref field);
            state = field;
        }
    }

    // An upserted or removed item's text starts over from its row, or is gone.
    private void ForgetItemText(string itemId) => _textStates.Remove(itemId);

    // Thread deletions are rare; forgetting everything beats tracking the items of each thread.
    private void ForgetAllItemText() => _textStates.Clear();

    private static ChatStoreException NotAnAppendTarget(ItemTextAppend append) => new(
        $"Append to {append.ItemId}.{append.Field} in thread {append.ThreadId}, which is not an item stored there by an earlier batch with that field; the batch was not applied.",
        isTransient: false);

    // The remembered text fields of one item, indexed by their item_text.field value.
    private sealed class ItemTextStates(string threadId)
    {
        public string ThreadId { get; } = threadId;

        public SqliteItemTextAppender.FieldState?[] Fields { get; } = new SqliteItemTextAppender.FieldState?[3];
    }
}
