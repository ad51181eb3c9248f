using System.Text.Json;

namespace Parley.Storage;

/// <summary>
/// Keeps files in a local folder: the default of <c>AddParley</c>, under <c>{ContentRoot}/.parley/files</c>.
/// Each file is its bytes (<c>files/{id}.bin</c>) and a small JSON description (<c>files/{id}.json</c>);
/// a thread's files are listed by empty marker files (<c>threads/{threadId}/{id}</c>) so deleting a thread
/// never scans every file.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Ids are checked (letters, digits, <c>_</c> and <c>-</c> only, at most 64) before any
/// path is built from them; a file's name is only ever stored inside its description, never used as a path.</para>
/// <para>Writes go to a temporary file that is then renamed, bytes first and description last: a crash or a
/// cancelled save never leaves a half file visible (at worst an unreferenced temporary file remains).</para>
/// </remarks>
public sealed class LocalFolderFileStore : IFileStore
{
    private const string TempPrefix = ".tmp-";
    private readonly string _files;
    private readonly string _threads;

    /// <summary>Creates the store; the folder is created when missing.</summary>
    /// <param name="rootDirectory">The folder that holds the files.</param>
    public LocalFolderFileStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        _files = Path.Combine(RootDirectory, "files");
        _threads = Path.Combine(RootDirectory, "threads");
    }

    /// <summary>The folder that holds the files (an absolute path).</summary>
    public string RootDirectory { get; }

    /// <summary>The default folder for a content root: <c>{contentRoot}/.parley/files</c>.</summary>
    /// <param name="contentRoot">The app's content root.</param>
    public static string GetDefaultRootDirectory(string contentRoot) => Path.Combine(contentRoot, ".parley", "files");

    /// <inheritdoc />
    public async Task<FileRecord> SaveAsync(FileRecord file, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(content);
        CheckId(file.Id);
        CheckId(file.ThreadId);
        var marker = Path.Combine(_threads, file.ThreadId, file.Id);
        var bytesPath = BytesPath(file.Id);
        var describedPath = DescriptionPath(file.Id);
        string? tempBytes = null;
        string? tempDescription = null;
        try
        {
            Directory.CreateDirectory(_files);
            Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            tempBytes = TempPath();
            long size;
            await using (var output = new FileStream(tempBytes, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                size = output.Length;
            }

            var stored = file with { Size = size };
            tempDescription = TempPath();
            await File.WriteAllBytesAsync(tempDescription, JsonSerializer.SerializeToUtf8Bytes(stored, FileStoreJsonContext.Default.FileRecord), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            // The marker first: a thread's delete then finds every file that may become visible.
            await File.WriteAllBytesAsync(marker, [], CancellationToken.None);
            File.Move(tempBytes, bytesPath, overwrite: true);
            tempBytes = null;
            File.Move(tempDescription, describedPath, overwrite: true);
            tempDescription = null;
            return stored;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChatStoreException("The file could not be saved.", ex);
        }
        finally
        {
            TryDelete(tempBytes);
            TryDelete(tempDescription);
        }
    }

    /// <inheritdoc />
    public async Task<FileRecord?> GetAsync(string fileId, CancellationToken cancellationToken)
    {
        if (!IsValidId(fileId))
        {
            return null;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(DescriptionPath(fileId), cancellationToken);
            return JsonSerializer.Deserialize(bytes, FileStoreJsonContext.Default.FileRecord);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ChatStoreException("The file's description could not be read.", ex);
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string fileId, CancellationToken cancellationToken)
    {
        if (!IsValidId(fileId) || !File.Exists(DescriptionPath(fileId)))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(BytesPath(fileId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChatStoreException("The file could not be opened.", ex);
        }
    }

    /// <inheritdoc />
    public Task DeleteThreadFilesAsync(string threadId, CancellationToken cancellationToken)
    {
        if (!IsValidId(threadId))
        {
            return Task.CompletedTask;
        }

        var markers = Path.Combine(_threads, threadId);
        try
        {
            if (!Directory.Exists(markers))
            {
                return Task.CompletedTask;
            }

            foreach (var marker in Directory.EnumerateFiles(markers))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fileId = Path.GetFileName(marker);
                if (IsValidId(fileId))
                {
                    // The description first: the file stops being visible before its bytes go.
                    File.Delete(DescriptionPath(fileId));
                    File.Delete(BytesPath(fileId));
                }

                File.Delete(marker);
            }

            Directory.Delete(markers, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted meanwhile: idempotent.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChatStoreException("The thread's files could not be deleted.", ex);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether an id may become part of a path: letters, digits, <c>_</c> and <c>-</c>, 1 to 64 of them.</summary>
    internal static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static void CheckId(string id)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException("File and thread ids may hold only letters, digits, '_' and '-'.", nameof(id));
        }
    }

    private static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is invisible to readers.
        }
    }

    private string BytesPath(string fileId) => Path.Combine(_files, fileId + ".bin");

    private string DescriptionPath(string fileId) => Path.Combine(_files, fileId + ".json");

    private string TempPath() => Path.Combine(_files, TempPrefix + Guid.NewGuid().ToString("n"));
}
