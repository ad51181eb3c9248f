using Microsoft.Extensions.Options;

namespace Parley.Hosting;

/// <summary>Validates <see cref="ParleyOptions.Uploads"/> at start-up.</summary>
internal sealed class UploadOptionsValidator : IValidateOptions<ParleyOptions>
{
    public ValidateOptionsResult Validate(string? name, ParleyOptions options)
    {
        var uploads = options.Uploads;
        var failures = new List<string>();
        if (uploads.MaxFileBytes < 1)
        {
            failures.Add("Uploads.MaxFileBytes must be at least 1.");
        }

        if (uploads.MaxFilesPerMessage is < 1 or > 100)
        {
            failures.Add("Uploads.MaxFilesPerMessage must be between 1 and 100.");
        }

        if (uploads.Accept is null || uploads.Accept.Count == 0)
        {
            failures.Add("Uploads.Accept must list at least one media type (set Uploads.Enabled to false to refuse every upload).");
        }
        else
        {
            foreach (var type in uploads.Accept)
            {
                if (!Parley.Runtime.FileTypes.IsAcceptPattern(type))
                {
                    failures.Add($"Uploads.Accept has '{type}', which is not a media type like 'application/pdf' or 'image/*'.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
