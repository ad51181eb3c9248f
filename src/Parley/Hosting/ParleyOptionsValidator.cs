using Microsoft.Extensions.Options;

namespace Parley.Hosting;

/// <summary>Validates <see cref="ParleyOptions"/> at start-up, so a bad value fails fast with a clear message.</summary>
internal sealed class ParleyOptionsValidator : IValidateOptions<ParleyOptions>
{
    // A full group commit of ordinary events (a few hundred bytes each) must fit, or a reader that
    // keeps up would be dropped when a commit publishes them at once.
    private const long MinSubscriberBufferBytesPerBatchEvent = 256;

    public ValidateOptionsResult Validate(string? name, ParleyOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppName))
        {
            failures.Add("AppName must not be empty.");
        }

        Positive(options.SessionIdleTimeout, nameof(options.SessionIdleTimeout));
        Positive(options.StopGracePeriod, nameof(options.StopGracePeriod));
        Positive(options.HookTimeout, nameof(options.HookTimeout));
        Positive(options.KeepAliveInterval, nameof(options.KeepAliveInterval));
        AtLeast(options.MaxMessageLength, 1, nameof(options.MaxMessageLength));
        AtLeast(options.HistoryLimit, 1, nameof(options.HistoryLimit));
        // One group commit publishes up to a batch of events at once: a buffer smaller than a couple
        // of batches would drop even a subscriber that reads as fast as it can.
        AtLeast(options.SubscriberBufferSize, 2 * options.Writer.MaxBatchSize, nameof(options.SubscriberBufferSize));
        var minBufferBytes = MinSubscriberBufferBytesPerBatchEvent * options.Writer.MaxBatchSize;
        if (options.SubscriberBufferBytes < minBufferBytes)
        {
            failures.Add($"{nameof(options.SubscriberBufferBytes)} must be at least {minBufferBytes} (256 bytes per event of Writer.MaxBatchSize).");
        }

        AtLeast(options.Writer.MaxBatchSize, 1, "Writer.MaxBatchSize");
        AtLeast(options.Writer.QueueCapacity, options.Writer.MaxBatchSize, "Writer.QueueCapacity");
        Positive(options.Writer.RetryTimeout, "Writer.RetryTimeout");
        if (options.Elements.MaxFileBytes < 1 || options.Elements.MaxPropsBytes < 1)
        {
            failures.Add("Elements.MaxFileBytes and Elements.MaxPropsBytes must be at least 1.");
        }

        Positive(options.Audio.MaxStreamDuration, "Audio.MaxStreamDuration");
        Positive(options.Audio.StreamIdleTimeout, "Audio.StreamIdleTimeout");
        if (options.Audio.MaxStreamBytes < 1 || options.Audio.MaxOpenStreamsPerThread < 1)
        {
            failures.Add("Audio.MaxStreamBytes and Audio.MaxOpenStreamsPerThread must be at least 1.");
        }

        if (options.Writer.MaxBatchDelay < TimeSpan.Zero)
        {
            failures.Add("Writer.MaxBatchDelay must not be negative.");
        }

        failures.AddRange(ParleyBuilderChatExtensions.Validate(options.Chat));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string field)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{field} must be positive.");
            }
        }

        void AtLeast(int value, int min, string field)
        {
            if (value < min)
            {
                failures.Add($"{field} must be at least {min}.");
            }
        }
    }
}
