using System.Globalization;

namespace Parley.TestApp;

/// <summary>A message with attachments: the app reads each file's bytes and replies <c>received: name (N bytes), …</c>.</summary>
internal static class FileReplies
{
    public static async Task ReplyAsync(ChatContext chat, UserMessage message)
    {
        var parts = new List<string>();
        foreach (var file in message.Attachments)
        {
            var bytes = await chat.Files.ReadAllBytesAsync(file, chat.Aborted);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{file.Name} ({bytes.Length} bytes)"));
        }

        await chat.SayAsync("received: " + string.Join(", ", parts), cancellationToken: chat.Aborted);
    }
}
