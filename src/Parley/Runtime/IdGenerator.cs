using System.Security.Cryptography;

namespace Parley.Runtime;

/// <summary>
/// Makes opaque, URL-safe, time-sortable ids with a type prefix (<c>thr_</c>, <c>itm_</c>, <c>run_</c>,
/// <c>usr_</c>): 48 bits of milliseconds and 80 random bits in lowercase Crockford base32 (26 chars).
/// Monotonic within the process: an id made in the same millisecond as the previous one (or while the
/// clock stepped back) increments the previous random part, so ids sort in creation order.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class IdGenerator(TimeProvider time)
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly UInt128 RandomMask = (UInt128.One << 80) - 1;

    private readonly Lock _sync = new();
    private ulong _lastMs;
    private UInt128 _lastRandom;

    public string NewThreadId() => New("thr_");

    public string NewItemId() => New("itm_");

    public string NewRunId() => New("run_");

    public string NewUserId() => New("usr_");

    public string NewFileId() => New("fil_");

    public string New(string prefix)
    {
        var ms = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        UInt128 random;
        lock (_sync)
        {
            if (ms <= _lastMs && _lastRandom < RandomMask)
            {
                ms = _lastMs;
                random = _lastRandom + 1;
            }
            else
            {
                Span<byte> bytes = stackalloc byte[16];
                RandomNumberGenerator.Fill(bytes);

                // The top bit stays clear so increments within one millisecond never overflow in practice.
                random = new UInt128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..])) & (RandomMask >> 1);
            }

            _lastMs = ms;
            _lastRandom = random;
        }

        return string.Create(prefix.Length + 26, (prefix, ms, random), static (span, s) =>
        {
            s.prefix.AsSpan().CopyTo(span);
            var id = span[s.prefix.Length..];
            for (var i = 0; i < 10; i++)
            {
                id[i] = Alphabet[(int)((s.ms >> ((9 - i) * 5)) & 31)];
            }

            for (var i = 0; i < 16; i++)
            {
                id[10 + i] = Alphabet[(int)((s.random >> ((15 - i) * 5)) & 31)];
            }
        });
    }
}
