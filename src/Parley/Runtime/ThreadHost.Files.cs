using Parley.Storage;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>
    /// The files a user message attaches, as server-built refs: each must exist and belong to the
    /// caller and this thread; anything else is <c>file_not_found</c> (whoever's file it is).
    /// </summary>
    public async Task<IReadOnlyList<FileRef>> ResolveAttachmentsAsync(ChatUser user, IReadOnlyList<string> fileIds, CancellationToken cancellationToken)
    {
        var refs = new List<FileRef>(fileIds.Count);
        foreach (var fileId in fileIds)
        {
            var file = CommandValidation.IsPlausibleId(fileId) ? await Services.Files.GetAsync(fileId, cancellationToken) : null;
            if (file is null || file.OwnerId != user.Id || file.ThreadId != ThreadId)
            {
                throw new ChatCommandException(ChatErrorCodes.FileNotFound, "An attached file does not exist in this thread; upload it first.") { Field = "attachments" };
            }

            refs.Add(file.ToRef());
        }

        return refs;
    }

    /// <summary>Deletes the thread's files once the thread itself is deleted; a failure is logged and leaves them for a later delete.</summary>
    private async Task DeleteFilesAsync()
    {
        try
        {
            await Services.Files.DeleteThreadFilesAsync(ThreadId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ChatStoreException or IOException or UnauthorizedAccessException)
        {
            RuntimeLog.FileDeleteFailed(Services.Logger, ThreadId, ex);
        }
    }
}
