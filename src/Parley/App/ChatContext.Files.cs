namespace Parley;

public sealed partial class ChatContext
{
    private ChatFiles? _files;

    /// <summary>The thread's files: read the bytes of a message's attachments, save bytes the app made.</summary>
    public ChatFiles Files => _files ??= new ChatFiles(this, _output.Host);
}
