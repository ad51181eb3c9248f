using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Parley.AspNetCore.Endpoints;

/// <summary>
/// The body of an upload's <c>file</c> part, streamed as it arrives. At its end it checks that no
/// other part follows (the file must be the last one), so a form with extra fields fails before the
/// store makes the file visible. Transport failures become protocol refusals, not store failures.
/// </summary>
internal sealed class MultipartFileStream(Stream section, MultipartReader reader, long bodyLimit) : Stream
{
    private bool _checkedTail;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // The bytes come from the network: a synchronous read would block a pool thread on it.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read this stream asynchronously (ReadAsync, CopyToAsync).");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var read = await section.ReadAsync(buffer, cancellationToken);
            if (read == 0 && !_checkedTail)
            {
                _checkedTail = true;
                if (await reader.ReadNextSectionAsync(cancellationToken) is not null)
                {
                    throw FileUploadEndpoints.ExtraField(null);
                }
            }

            return read;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ChatCommandException(ChatErrorCodes.PayloadTooLarge, $"The upload is larger than {bodyLimit} bytes.", ex) { Field = "file" };
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new ChatCommandException(ChatErrorCodes.ValidationFailed, "The upload was cut short or is not valid multipart/form-data.", ex) { Field = "file" };
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
