namespace Parley;

public sealed partial class ChatContext
{
    /// <summary>The thread's chat settings values (restored on resume); empty when the app set no schema.</summary>
    public ChatSettings Settings => new(_output.Host.Thread.SettingsSchema, _output.Host.Thread.Settings);

    /// <summary>The thread's chat profile, as the app declared it; null when the thread has none (or it is no longer declared).</summary>
    public ChatProfile? Profile => _output.Host.Services.Options.Chat.FindProfile(_output.Host.Thread.Profile);

    /// <summary>
    /// Sets the thread's chat settings schema: the UI shows these widgets in its settings panel
    /// (<c>thread.updated</c>). Values that still fit are kept; the others become the widget's initial
    /// value. An empty schema removes the panel. Usually called from <see cref="ChatApp.OnChatStartAsync"/>.
    /// </summary>
    /// <param name="schema">The widgets; ids unique, 1 to 64 URL-safe characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The thread, with its schema and values.</returns>
    /// <exception cref="ArgumentException">The schema is not valid.</exception>
    public async Task<ThreadInfo> SetSettingsSchemaAsync(IEnumerable<ChatSetting> schema, CancellationToken cancellationToken = default)
    {
        var checkedSchema = SettingsSchema.Check(schema, nameof(schema));
        using var token = Link(cancellationToken);
        _output.EnsureWritable();
        return await _output.Host.SetSettingsSchemaAsync(checkedSchema, _output.Run.Id, token.Token);
    }
}
