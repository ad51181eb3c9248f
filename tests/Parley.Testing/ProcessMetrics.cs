using System.Globalization;

namespace Parley.Testing;

/// <summary>
/// What a Linux process holds, read from <c>/proc/{pid}</c>: resident memory, open file descriptors
/// (sockets, files, pipes) and threads. Used to show that load or abuse leaks nothing.
/// </summary>
/// <param name="ResidentBytes">VmRSS: the memory resident in RAM.</param>
/// <param name="OpenHandles">Entries of <c>/proc/{pid}/fd</c>.</param>
/// <param name="Threads">OS threads.</param>
public sealed record ProcessMetrics(long ResidentBytes, int OpenHandles, int Threads)
{
    /// <summary>Reads the metrics of process <paramref name="pid"/> now.</summary>
    /// <param name="pid">The process id.</param>
    public static ProcessMetrics Read(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kibibytes(line) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = (int)Kibibytes(line);
            }
        }

        return new ProcessMetrics(rss, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, threads);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RSS {ResidentBytes / (1024.0 * 1024):F1} MiB, {OpenHandles} handles, {Threads} threads");

    // "VmRSS:	  123456 kB" → 123456; "Threads:	17" → 17.
    private static long Kibibytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
