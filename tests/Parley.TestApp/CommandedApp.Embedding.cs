using System.Text.Json;

namespace Parley.TestApp;

/// <summary>
/// Window messages and audio: a message <c>{"text": …}</c> from the embedding page is answered with a
/// window message <c>{"kind":"pong","text":…}</c> and, in the chat, "host said: …"; a recording is
/// answered with its chunk count, size and media type.
/// </summary>
internal sealed partial class CommandedApp
{
    public override async Task OnWindowMessageAsync(WindowMessageContext context)
    {
        var text = context.Data.ValueKind == JsonValueKind.Object && context.Data.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString() ?? ""
            : context.Data.GetRawText();
        var pong = new Dictionary<string, string> { ["kind"] = "pong", ["text"] = text };
        await context.SendWindowMessageAsync(JsonSerializer.SerializeToElement(pong, TestAppJson.Default.DictionaryStringString), context.CancellationToken);
        var runner = context.Services.GetRequiredService<IChatRunner>();
        await runner.StartRunAsync(context.Thread.Id, chat => chat.SayAsync("host said: " + text), context.CancellationToken);
    }

    public override Task OnAudioEndAsync(ChatContext chat, AudioRecording recording) =>
        chat.SayAsync($"Heard your recording: {recording.ChunkCount} chunks, {recording.Size} bytes of {recording.MimeType}.");
}
