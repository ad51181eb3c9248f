using Parley.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Turns on audio streamed from the UI's microphone.</summary>
public static class ParleyBuilderAudioExtensions
{
    /// <summary>
    /// Accepts audio streams (<see cref="AudioOptions.Enabled"/>), so the UI shows its microphone button
    /// and the app's <c>OnAudioStartAsync</c>, <c>OnAudioChunkAsync</c> and <c>OnAudioEndAsync</c> fire.
    /// </summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="configure">Changes the limits, if given (defaults: 25 MiB, 10 minutes, 1 minute idle).</param>
    /// <returns>The builder.</returns>
    public static IParleyBuilder WithAudio(this IParleyBuilder builder, Action<AudioOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ParleyOptions>(o =>
        {
            o.Audio.Enabled = true;
            configure?.Invoke(o.Audio);
        });
        return builder;
    }
}
