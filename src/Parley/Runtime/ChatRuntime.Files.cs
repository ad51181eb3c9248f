using System.Text.Json;
using Parley.Storage;

namespace Parley.Runtime;

public sealed partial class ChatRuntime
{
    /// <summary>
    /// Stores a file the user uploads to one of their threads. The server decides its type (the
    /// name's extension, checked against <paramref name="declaredMime"/> and, for images and PDF, the
    /// leading bytes) and enforces <see cref="Hosting.ParleyOptions.Uploads"/>: too large is
    /// <c>payload_too_large</c> (refused while reading, nothing stored), a type not accepted is
    /// <c>unsupported_media_type</c>.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread the file belongs to (the caller's own).</param>
    /// <param name="name">The file's name as the client sent it; only its last segment is kept, and never used as a path.</param>
    /// <param name="declaredMime">The type the client declared, if any.</param>
    /// <param name="content">The bytes; read once, to the end or to the limit.</param>
    /// <param name="cancellationToken">Cancels the upload; nothing is stored then.</param>
    /// <returns>The stored file's reference, with its server-issued URL.</returns>
    public Task<FileRef> UploadFileAsync(ChatUser user, string threadId, string? name, string? declaredMime, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var uploads = _services.Options.Uploads;
        if (!uploads.Enabled)
        {
            throw ChatCommandException.Invalid("file", "This app does not accept uploads.");
        }

        return WithHostAsync(user, threadId, async host =>
        {
            var safeName = FileTypes.SafeName(name);
            var header = new byte[FileTypes.HeaderLength];
            var length = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
            var mime = FileTypes.Decide(safeName, declaredMime, header.AsSpan(0, length));
            if (!FileTypes.IsAccepted(mime, uploads.Accept))
            {
                throw new ChatCommandException(ChatErrorCodes.UnsupportedMediaType, $"Files of type {mime} are not accepted here.") { Field = "file" };
            }

            var file = new FileRecord
            {
                Id = _services.Ids.NewFileId(),
                OwnerId = user.Id,
                ThreadId = host.ThreadId,
                Name = safeName,
                Mime = mime,
                CreatedAt = _services.Time.GetUtcNowMs(),
            };
            var stored = await _services.Files.SaveAsync(file, new LimitedUploadStream(header.AsMemory(0, length), content, uploads.MaxFileBytes), cancellationToken);
            if (host.IsDeleted)
            {
                // The thread was deleted while the bytes arrived: its files go with it, this one too.
                await _services.Files.DeleteThreadFilesAsync(host.ThreadId, CancellationToken.None);
                throw ChatCommandException.ThreadNotFound();
            }

            RuntimeLog.FileUploaded(_services.Logger, stored.Id, host.ThreadId, stored.Mime, stored.Size);
            return stored.ToRef();
        }, cancellationToken);
    }

    /// <summary>
    /// Posts a user message with attachments: files the caller uploaded to this thread, named by id.
    /// <paramref name="content"/> may be empty when there is at least one attachment.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="clientId">The idempotency key.</param>
    /// <param name="content">The text; may be empty or null with attachments.</param>
    /// <param name="command">The slash command chosen, if any.</param>
    /// <param name="attachments">The attached files' ids (at most <see cref="Hosting.UploadOptions.MaxFilesPerMessage"/>).</param>
    /// <param name="cancellationToken">Cancels the call until the message is being written.</param>
    public Task<MessageAccepted> PostMessageAsync(
        ChatUser user, string threadId, string? clientId, string? content, string? command, IReadOnlyList<string>? attachments, CancellationToken cancellationToken)
    {
        if (attachments is null || attachments.Count == 0)
        {
            return PostMessageAsync(user, threadId, clientId, content, command, cancellationToken);
        }

        clientId = CommandValidation.ClientId(clientId);
        content = string.IsNullOrWhiteSpace(content) ? "" : CommandValidation.Content(content, _services.Options.MaxMessageLength);
        command = CommandValidation.Command(command);
        ChatDeclarations.Command(_services.Options.Chat, command);
        var max = _services.Options.Uploads.MaxFilesPerMessage;
        if (attachments.Count > max)
        {
            throw ChatCommandException.Invalid("attachments", $"A message may carry at most {max} files.");
        }

        if (attachments.Distinct(StringComparer.Ordinal).Count() != attachments.Count)
        {
            throw ChatCommandException.Invalid("attachments", "A file is attached more than once.");
        }

        return WithHostAsync(user, threadId, async host =>
        {
            var files = await host.ResolveAttachmentsAsync(user, attachments, cancellationToken);
            return await host.PostMessageAsync(user, clientId, content, command, cancellationToken, files);
        }, cancellationToken);
    }

    /// <summary>Reads one entry of a message's <c>attachments</c> as the protocol sends it: a file id, or a file ref whose <c>id</c> is used.</summary>
    /// <param name="attachment">A JSON string (the id) or object (<c>{id, name?, mime?, size?, url?}</c>).</param>
    /// <returns>The file id.</returns>
    /// <exception cref="ChatCommandException">Anything else, or an object whose <c>url</c> is not the one the server issued for its id.</exception>
    public static string AttachmentId(JsonElement attachment)
    {
        switch (attachment.ValueKind)
        {
            case JsonValueKind.String:
                return attachment.GetString()!;
            case JsonValueKind.Object when attachment.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String:
                var fileId = id.GetString()!;
                if (attachment.TryGetProperty("url", out var url) &&
                    (url.ValueKind != JsonValueKind.String || url.GetString() != FileRecord.UrlOf(fileId)))
                {
                    // A client never names where bytes come from: only the server-issued URL is tolerated.
                    throw ChatCommandException.Invalid("attachments", "An attachment's url must be the one the server issued for its id; files are referred to by id only.");
                }

                return fileId;
            default:
                throw ChatCommandException.Invalid("attachments", "Each attachment must be a file id or a file reference with an id.");
        }
    }
}
