using System.Collections.Concurrent;
using Parley.Hosting;
using Parley.Testing;

namespace Parley.Tests.Embedding;

public sealed class AudioTests
{
    private const string Mime = "audio/webm;codecs=opus";

    private static void Enabled(ParleyOptions o) => o.Audio.Enabled = true;

    [Fact]
    public async Task Audio_StartChunksEnd_FireInOrderAndTheEndRunGetsTheSavedRecording()
    {
        var chunks = new ConcurrentQueue<AudioChunk>();
        byte[]? saved = null;
        AudioRecording? recording = null;
        var script = new AppScript
        {
            AudioChunk = async ctx =>
            {
                await Task.Delay(20);   // slow chunk hooks: the end run must still come after them
                chunks.Enqueue(ctx.Chunk);
            },
            AudioEnd = async (chat, rec) =>
            {
                recording = rec;
                await using var stream = await rec.OpenReadAsync(chat.Aborted);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, chat.Aborted);
                saved = copy.ToArray();
                await chat.SayAsync($"{rec.ChunkCount} chunks");
            },
        };
        await using var harness = await RuntimeHarness.StartAsync(script, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();
        await events.WaitForRunFinishedAsync(1);

        var streamId = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [1, 2, 3], 100, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [4, 5], 200, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [6], 300, CancellationToken.None);
        var ended = await harness.Runtime.EndAudioAsync(harness.User, threadId, streamId, CancellationToken.None);
        var all = await events.WaitForRunFinishedAsync(2);

        Assert.StartsWith("aud_", streamId, StringComparison.Ordinal);
        Assert.Equal(["AudioStart", "AudioChunk", "AudioChunk", "AudioChunk", "AudioEnd"], script.Hooks.Calls.Where(c => c.StartsWith("Audio", StringComparison.Ordinal)));
        Assert.Equal([true, false, false], chunks.Select(c => c.IsStart));
        Assert.Equal([100d, 200, 300], chunks.Select(c => c.ElapsedTime.TotalMilliseconds));
        Assert.All(chunks, c => Assert.Equal(Mime, c.MimeType));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, saved);
        Assert.Equal(3, recording!.ChunkCount);
        Assert.Equal(6, recording.Size);
        Assert.Equal(TimeSpan.FromMilliseconds(300), recording.Duration);
        Assert.Equal("audio/webm", recording.File.Mime);
        Assert.Equal("/api/files/" + recording.File.Id, recording.File.Url);
        var started = all.OfType<RunStartedEvent>().Last();
        Assert.Equal(RunTrigger.Audio, started.Trigger);
        Assert.Equal(ended.RunId, started.RunId);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Audio_EndTwice_ReturnsTheFirstRun_AndAChunkAfterTheEndIsRefused()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();
        var streamId = await harness.Runtime.StartAudioAsync(harness.User, threadId, "audio/ogg", null, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [1], 10, CancellationToken.None);

        var first = await harness.Runtime.EndAudioAsync(harness.User, threadId, streamId, CancellationToken.None);
        var second = await harness.Runtime.EndAudioAsync(harness.User, threadId, streamId, CancellationToken.None);
        var late = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [2], 20, CancellationToken.None));

        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(ChatErrorCodes.AudioStreamEnded, late.Code);
        await script.Hooks.WaitForAsync("AudioEnd");
        await Task.Delay(50);
        Assert.Equal(1, script.Hooks.Count("AudioEnd"));
        Assert.Equal(1, script.Hooks.Count("AudioChunk"));
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Audio_StartRefusedOrThrowing_IsAudioRefused_AndNoStreamExists()
    {
        var calls = 0;
        var script = new AppScript
        {
            AudioStart = _ => Interlocked.Increment(ref calls) == 1 ? ValueTask.FromResult(false) : throw new InvalidOperationException("no microphone for you"),
        };
        await using var harness = await RuntimeHarness.StartAsync(script, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();

        var refused = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None));
        var failed = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None));

        Assert.Equal(ChatErrorCodes.AudioRefused, refused.Code);
        Assert.Equal(ChatErrorCodes.AudioRefused, failed.Code);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Audio_SameClientId_ReturnsTheFirstStream()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();

        var first = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, "rec-1", CancellationToken.None);
        var again = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, "rec-1", CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(1, script.Hooks.Count("AudioStart"));
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Audio_Limits_RefuseTheChunkAndKeepTheStream()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script, options: o =>
        {
            o.Audio.Enabled = true;
            o.Audio.MaxStreamBytes = 10;
            o.Audio.MaxStreamDuration = TimeSpan.FromSeconds(1);
        });
        var (threadId, events) = await harness.NewThreadAsync();
        var streamId = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, new byte[8], 100, CancellationToken.None);

        var tooBig = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, new byte[3], 200, CancellationToken.None));
        var tooLong = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, new byte[1], 1001, CancellationToken.None));
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, new byte[2], 900, CancellationToken.None);
        await harness.Runtime.EndAudioAsync(harness.User, threadId, streamId, CancellationToken.None);

        Assert.Equal(ChatErrorCodes.PayloadTooLarge, tooBig.Code);
        Assert.Equal(ChatErrorCodes.PayloadTooLarge, tooLong.Code);
        await script.Hooks.WaitForAsync("AudioEnd");
        Assert.Equal(2, script.Hooks.Count("AudioChunk"));
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Audio_TooManyOpenStreams_ThirdRefused_AndAnEndedOneFreesItsPlace()
    {
        await using var harness = await RuntimeHarness.StartAsync(new AppScript(), options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;

        var first = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);
        await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);
        var third = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None));
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, first, [1], 10, CancellationToken.None);
        await harness.Runtime.EndAudioAsync(harness.User, threadId, first, CancellationToken.None);
        var again = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);

        Assert.Equal(ChatErrorCodes.AudioRefused, third.Code);
        Assert.StartsWith("aud_", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_SessionEndsWithAStreamOpen_StreamDroppedAndItsEndIsNotFound()
    {
        var script = new AppScript();
        await using var harness = await RuntimeHarness.StartAsync(script, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();
        await using var _ = events;
        var streamId = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [1, 2], 10, CancellationToken.None);

        await harness.Runtime.EndSessionAsync(harness.User, threadId, CancellationToken.None);
        var end = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.EndAudioAsync(harness.User, threadId, streamId, CancellationToken.None));

        Assert.Equal(ChatErrorCodes.AudioStreamNotFound, end.Code);
        Assert.DoesNotContain("AudioEnd", script.Hooks.Calls);
    }

    [Fact]
    public async Task Audio_IdleStream_Expires()
    {
        var clock = new ManualTimeProvider();
        await using var harness = await RuntimeHarness.StartAsync(time: clock, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();
        var streamId = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [1], 10, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(59));
        await harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [2], 20, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [3], 30, CancellationToken.None));
        var endExpired = await Assert.ThrowsAsync<ChatCommandException>(() => harness.Runtime.EndAudioAsync(harness.User, threadId, streamId, CancellationToken.None));

        Assert.Equal(ChatErrorCodes.AudioStreamNotFound, expired.Code);
        Assert.Equal(ChatErrorCodes.AudioStreamNotFound, endExpired.Code);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Audio_BadInput_IsRefusedBeforeAnythingChanges()
    {
        var script = new AppScript();
        await using var disabled = await RuntimeHarness.StartAsync();
        await using var harness = await RuntimeHarness.StartAsync(script, options: Enabled);
        var (threadId, events) = await harness.NewThreadAsync();
        var (otherThread, otherEvents) = await disabled.NewThreadAsync();
        var streamId = await harness.Runtime.StartAudioAsync(harness.User, threadId, Mime, null, CancellationToken.None);

        async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<ChatCommandException>(call)).Code;

        Assert.Equal(ChatErrorCodes.AudioDisabled, await CodeOf(() => disabled.Runtime.StartAudioAsync(disabled.User, otherThread, Mime, null, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.UnsupportedMediaType, await CodeOf(() => harness.Runtime.StartAudioAsync(harness.User, threadId, "video/webm", null, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.ValidationFailed, await CodeOf(() => harness.Runtime.StartAudioAsync(harness.User, threadId, "not a type", null, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.ValidationFailed, await CodeOf(() => harness.Runtime.StartAudioAsync(harness.User, threadId, null, null, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.ThreadNotFound, await CodeOf(() => harness.Runtime.StartAudioAsync(new ChatUser { Id = "usr_other" }, threadId, Mime, null, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.ThreadNotFound, await CodeOf(() => harness.Runtime.AppendAudioChunkAsync(new ChatUser { Id = "usr_other" }, threadId, streamId, [1], 1, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.AudioStreamNotFound, await CodeOf(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, "aud_unknown", [1], 1, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.ValidationFailed, await CodeOf(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [], 1, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.ValidationFailed, await CodeOf(() => harness.Runtime.AppendAudioChunkAsync(harness.User, threadId, streamId, [1], -1, CancellationToken.None)));
        Assert.Equal(ChatErrorCodes.AudioStreamNotFound, await CodeOf(() => harness.Runtime.EndAudioAsync(harness.User, threadId, "aud_unknown", CancellationToken.None)));
        Assert.Equal(1, script.Hooks.Count("AudioStart"));
        Assert.Equal(0, script.Hooks.Count("AudioChunk"));
        await events.DisposeAsync();
        await otherEvents.DisposeAsync();
    }
}
