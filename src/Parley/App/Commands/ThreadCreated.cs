namespace Parley;

/// <summary>The answer to creating a thread.</summary>
/// <param name="Thread">The thread (the first one created with this client id, on a repeat).</param>
/// <param name="LastSeq">The seq to subscribe after (0 for a new thread).</param>
/// <param name="Created">False when the client id had already created this thread.</param>
public sealed record ThreadCreated(ThreadInfo Thread, long LastSeq, bool Created);
