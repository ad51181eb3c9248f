using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Hosting;
using Parley.Testing;

namespace Parley.Tests.Hosting;

/// <summary><see cref="ParleyOptions.Uploads"/> is checked at start-up, with a message that names the option.</summary>
public sealed class UploadOptionsValidatorTests
{
    [Fact]
    public void Defaults_Documented()
    {
        var uploads = new ParleyOptions().Uploads;

        Assert.True(uploads.Enabled);
        Assert.Equal(20 * 1024 * 1024, uploads.MaxFileBytes);
        Assert.Equal(10, uploads.MaxFilesPerMessage);
        Assert.Equal(["image/*", "application/pdf", "text/plain", "text/csv", "text/markdown", "application/json", "audio/*", "video/*"], uploads.Accept);
    }

    [Theory]
    [InlineData(0, 10, "image/*", "Uploads.MaxFileBytes")]
    [InlineData(1024, 0, "image/*", "Uploads.MaxFilesPerMessage")]
    [InlineData(1024, 101, "image/*", "Uploads.MaxFilesPerMessage")]
    [InlineData(1024, 10, "*/*", "Uploads.Accept")]
    [InlineData(1024, 10, "pdf", "Uploads.Accept")]
    public void Options_Invalid_FailsNamingTheOption(long maxBytes, int maxFiles, string accept, string named)
    {
        var services = new ServiceCollection();
        services.AddParleyCore<ScriptedApp>(o =>
        {
            o.Uploads.MaxFileBytes = maxBytes;
            o.Uploads.MaxFilesPerMessage = maxFiles;
            o.Uploads.Accept = [accept];
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ParleyOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
