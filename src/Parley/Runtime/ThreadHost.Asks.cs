using System.Text.Json;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    private const long Megabyte = 1024 * 1024;

    /// <summary>
    /// Answers a pending ask, whichever connection the answer came from. The answer must fit the
    /// ask's kind; one that does not is refused and the ask stays pending.
    /// </summary>
    public async Task<AskItem> AnswerAsync(ChatUser user, string itemId, AskReply reply, CancellationToken cancellationToken)
    {
        AskItem answered;
        using (await LockHealthyAsync(cancellationToken))
        {
            if (!Log.TryGetOpen(itemId, out var open) || open.Item is not AskItem { Status: ItemStatus.Pending } ask)
            {
                return await AlreadySettledAskAsync(itemId, reply.ClientId, cancellationToken);
            }

            var answer = ask.Kind switch
            {
                AskKind.Action => ActionAnswer(ask, reply),
                AskKind.File => await FileAnswerAsync(user, ask, reply, cancellationToken),
                AskKind.Element => ElementAnswer(reply),
                _ => TextAnswer(reply),
            };

            answered = ask with
            {
                Status = ItemStatus.Answered,
                Answer = answer with { ClientId = reply.ClientId, AnsweredAt = Now },
            };
            var durable = await AppendAsync(new ItemUpdatedEvent { ThreadId = ThreadId, RunId = ask.RunId, At = Now, Item = answered }, cancellationToken: CancellationToken.None);
            await DurableAsync(durable);
        }

        Asks.Complete(answered);
        return answered;
    }

    private AskAnswer TextAnswer(AskReply reply)
    {
        OnlyField(reply, "content");
        return string.IsNullOrWhiteSpace(reply.Content)
            ? throw ChatCommandException.Invalid("content", "The answer must not be empty.")
            : new AskAnswer { Content = reply.Content, AnsweredAt = Now };
    }

    private AskAnswer ActionAnswer(AskItem ask, AskReply reply)
    {
        OnlyField(reply, "actionId");
        if (string.IsNullOrEmpty(reply.ActionId))
        {
            throw ChatCommandException.Invalid("actionId", "Choose one of the question's actions.");
        }

        return ask.Actions.Any(a => a.Id == reply.ActionId)
            ? new AskAnswer { ActionId = reply.ActionId, AnsweredAt = Now }
            : throw ChatCommandException.Invalid("actionId", "That is not one of this question's choices.");
    }

    private AskAnswer ElementAnswer(AskReply reply)
    {
        OnlyField(reply, "value");
        if (reply.Value is not { } value || value.ValueKind == JsonValueKind.Undefined)
        {
            throw ChatCommandException.Invalid("value", "The element must submit a value.");
        }

        return value.GetRawText().Length > Services.Options.MaxMessageLength
            ? throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, "The submitted value is too large.") { Field = "value" }
            : new AskAnswer { Value = value.Clone(), AnsweredAt = Now };
    }

    private async Task<AskAnswer> FileAnswerAsync(ChatUser user, AskItem ask, AskReply reply, CancellationToken cancellationToken)
    {
        OnlyField(reply, "fileIds");
        if (reply.FileIds is not { Count: > 0 } ids)
        {
            throw ChatCommandException.Invalid("fileIds", "Upload at least one file.");
        }

        var maxFiles = ask.MaxFiles ?? 1;
        if (ids.Count > maxFiles)
        {
            throw ChatCommandException.Invalid("fileIds", maxFiles == 1 ? "Only one file is accepted." : $"At most {maxFiles} files are accepted.");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw ChatCommandException.Invalid("fileIds", "The same file is listed twice.");
        }

        var files = new List<FileRef>(ids.Count);
        foreach (var id in ids)
        {
            var file = CommandValidation.IsPlausibleId(id) ? await Services.Files.GetAsync(id, cancellationToken) : null;
            if (file is null || file.OwnerId != user.Id || file.ThreadId != ThreadId)
            {
                throw ChatCommandException.Invalid("fileIds", "A file of the answer does not exist in this conversation.");
            }

            if (!FileAccept.Matches(ask.Accept, file.Name, file.Mime))
            {
                throw new ChatCommandException(ChatErrorCodes.UnsupportedMediaType, $"\"{file.Name}\" is not of an accepted type ({string.Join(", ", ask.Accept!)}).") { Field = "fileIds" };
            }

            var maxSizeMb = ask.MaxSizeMb ?? FileAskOptions.DefaultMaxSizeMb;
            if (file.Size > maxSizeMb * Megabyte)
            {
                throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"\"{file.Name}\" is larger than {maxSizeMb} MB.") { Field = "fileIds" };
            }

            files.Add(file.ToRef());
        }

        return new AskAnswer { FileIds = [.. ids], Files = files, AnsweredAt = Now };
    }

    /// <summary>An answer carries exactly the field of its ask's kind.</summary>
    private static void OnlyField(AskReply reply, string field)
    {
        (string Name, bool Present)[] fields =
        [
            ("content", reply.Content is not null),
            ("actionId", reply.ActionId is not null),
            ("fileIds", reply.FileIds is not null),
            ("value", reply.Value is { ValueKind: not JsonValueKind.Undefined }),
        ];
        foreach (var (name, present) in fields)
        {
            if (present && name != field)
            {
                throw ChatCommandException.Invalid(name, $"This question takes {field}, not {name}.");
            }
        }
    }
}
