using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Hosting;
using Parley.Testing;

namespace Parley.Tests.Hosting;

/// <summary>The subscriber buffer's bounds: documented defaults, and a byte budget too small for a group commit refused at start-up.</summary>
public sealed class SubscriberBufferOptionsTests
{
    [Fact]
    public void Defaults_Documented()
    {
        var options = new ParleyOptions();

        Assert.Equal(8192, options.SubscriberBufferSize);
        Assert.Equal(16L * 1024 * 1024, options.SubscriberBufferBytes);
    }

    [Theory]
    [InlineData(4096, 1024 * 1024 - 1, false)]
    [InlineData(4096, 1024 * 1024, true)]
    [InlineData(64, 16 * 1024, true)]
    public void SubscriberBufferBytes_AgainstTheBatchSize_ValidOnlyWhenAFullBatchFits(int maxBatchSize, long bytes, bool valid)
    {
        var services = new ServiceCollection();
        services.AddParleyCore<ScriptedApp>(o =>
        {
            o.Writer.MaxBatchSize = maxBatchSize;
            o.SubscriberBufferBytes = bytes;
        });
        using var provider = services.BuildServiceProvider();

        if (valid)
        {
            Assert.Equal(bytes, provider.GetRequiredService<IOptions<ParleyOptions>>().Value.SubscriberBufferBytes);
        }
        else
        {
            var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ParleyOptions>>().Value);
            Assert.Contains(nameof(ParleyOptions.SubscriberBufferBytes), failure.Message, StringComparison.Ordinal);
        }
    }
}
