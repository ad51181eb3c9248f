using System.Text;
using Microsoft.Extensions.AI;

namespace Parley;

public sealed partial class ChatContext
{
    /// <summary>
    /// The conversation for a model, like <see cref="ChatHistory.ToChatMessages(ChatHistoryOptions?)"/>,
    /// with the user's attachments (and files given as answers) as content parts: images and PDFs as <see cref="DataContent"/>, text
    /// files inline, each as <see cref="ChatHistoryOptions.Attachments"/> allows (newest first, within
    /// its byte budget); any other attachment is named in a one-line note, so the model knows it exists.
    /// </summary>
    /// <param name="options">Trimming and attachments. Default: no trimming, <see cref="AttachmentOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels reading the files.</param>
    public async Task<IList<ChatMessage>> GetChatMessagesAsync(ChatHistoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var token = Link(cancellationToken);
        var attachments = options?.Attachments ?? AttachmentOptions.Default;
        var loaded = new Dictionary<string, AIContent>(StringComparer.Ordinal);
        var budget = attachments.MaxTotalBytes;
        var items = History.ToList();
        foreach (var file in Enumerable.Reverse(items).SelectMany(FilesOf))
        {
            if (loaded.ContainsKey(file.Id) || !attachments.Includes(file) || file.Size > budget)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = await Files.ReadAllBytesAsync(file, token.Token);
            }
            catch (FileNotFoundException)
            {
                continue; // deleted since: the note names it
            }

            budget -= bytes.Length;
            loaded[file.Id] = AttachmentOptions.IsText(file.Mime)
                ? new TextContent($"[Attached file: {file.Name}]\n{Encoding.UTF8.GetString(bytes)}")
                : new DataContent(bytes, file.Mime) { Name = file.Name };
        }

        var messages = ChatMessageMapper.Map(items, loaded);
        return options is null ? messages : ChatMessageMapper.Trim(messages, options);
    }

    /// <summary>The files an item gave the conversation: a message's attachments, a file ask's answer.</summary>
    private static IEnumerable<FileRef> FilesOf(ChatItem item) => item switch
    {
        UserMessage message => message.Attachments,
        AskItem { Status: ItemStatus.Answered, Answer.Files: { } files } => files,
        _ => [],
    };
}
